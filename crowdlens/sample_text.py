"""What the sample company writes: spaces and the French (and some English) texts of their posts.

Ordinary posts never use the courses' key terms (sample_courses.py): only planted re-use posts do,
so the training re-use counts in sample_data/README.md are exact. Thread openers that are not
questions never contain a question mark, so they are never taken for questions.
"""

from __future__ import annotations

import random

# name -> (description, kind of space, topic key)
SPACES = {
    "Toute l'entreprise": ("Informations et annonces pour tous les collaborateurs de Ravel-Aubert.", "all"),
    "Excel & data": ("Entraide sur les tableurs, les reportings et la donnée au quotidien.", "excel"),
    "Projets agiles": ("Partage de pratiques de conduite de projet entre équipes.", "projets"),
    "Sécurité informatique": ("Questions et bonnes pratiques sur la sécurité et les outils de la DSI.",
                              "securite"),
    "Qualité production": ("Qualité, amélioration continue et retours d'expérience des ateliers.", "qualite"),
    "Ventes & clients": ("Le coin des équipes commerciales et de la relation client.", "ventes"),
    "Entraide RH & paie": ("Vos questions sur la paie, les congés, la mobilité et le télétravail.", "rh"),
    "Logistique & supply chain": ("Stocks, transport, entrepôts : on s'organise ensemble.", "logistique"),
    "Innovation R&D": ("Veille, prototypes et idées pour les produits de demain.", "rnd"),
    "English corner": ("Practise your English with colleagues from every site.", "english"),
    "Course à pied – Running club": ("On court ensemble le midi et on prépare les courses du week-end.",
                                     "running"),
    "Tricot & crochet": ("Aiguilles, laines et patrons : le club des mailleuses et mailleurs.", "tricot"),
    "Pêche en eau douce": ("Coins de pêche, matériel et belles prises autour de nos sites.", "peche"),
}
AFFINITY = ["Course à pied – Running club", "Tricot & crochet", "Pêche en eau douce"]

# Departments that write most in each work space (others join now and then).
SPACE_DEPARTMENTS = {
    "excel": ["Finance", "Commercial", "Marketing", "Logistique", "Ressources humaines"],
    "projets": ["Informatique", "R&D", "Marketing", "Production"],
    "securite": ["Informatique"],
    "qualite": ["Production", "R&D", "Logistique"],
    "ventes": ["Commercial", "Service client", "Marketing"],
    "rh": ["Ressources humaines"],
    "logistique": ["Logistique", "Production", "Service client"],
    "rnd": ["R&D", "Informatique", "Production"],
    "english": ["R&D", "Informatique", "Marketing", "Juridique"],
}

CLIENTS = ["Brasserie Tellier", "Groupe Maurin", "Hôtel des Cèdres", "Coopérative du Val", "SARL Pinchon",
           "Transports Gaudin", "Clinique Saint-Éloi", "Mairie de Villeurbanne", "Ateliers Ferrand"]
PRODUCTS = ["la gamme Alto", "le modèle R-200", "la ligne Océa", "le kit Duo", "la nouvelle chaudière C3"]
RACES = ["le semi de Lyon", "les 10 km de Nantes", "la course des Terrils à Lille", "le trail du Pilat",
         "les Foulées de Boulogne", "le relais inter-entreprises"]
FISH = ["un brochet de 78 cm", "une belle carpe", "trois perches", "un sandre", "une truite fario"]
PLACES = ["l'Erdre", "le canal de Roubaix", "les étangs de la Dombes", "la Loire vers Ancenis",
          "le lac de Miribel"]

QUESTIONS = {
    "all": [
        "Quelqu'un sait si la cantine de {site} est ouverte pendant le pont de mai ?",
        "Où est-ce qu'on trouve le nouveau plan d'accès au parking de {site} ?",
        "Est-ce que quelqu'un a un chargeur USB-C à prêter au 2e étage ?",
        "Comment on réserve une salle pour plus de 20 personnes à {site} ?",
    ],
    "excel": [
        "Mon fichier de suivi des commandes met 30 secondes à s'ouvrir, vous avez des astuces pour l'alléger ?",
        "Comment figer la première ligne et la première colonne en même temps ?",
        "Est-ce qu'il existe une formule pour compter les jours ouvrés entre deux dates, fériés compris ?",
        "Quelqu'un a déjà réussi à exporter le reporting mensuel en PDF sans que les colonnes soient coupées ?",
        "Ma macro plante depuis la mise à jour d'Office, une idée de ce qui a changé ?",
        "Comment supprimer les doublons d'une liste de clients sans perdre la première occurrence ?",
        "Vous faites comment pour partager un classeur à plusieurs sans écraser le travail des autres ?",
        "Le graphique en cascade existe bien dans notre version d'Excel ?",
    ],
    "projets": [
        "Quel outil utilisez-vous pour suivre les jalons d'un projet avec un prestataire ?",
        "Comment vous présentez l'avancement d'un projet à un comité de direction en 10 minutes ?",
        "Vous avez un modèle de fiche de lancement de projet à partager ?",
        "Comment gérez-vous un projet où le périmètre change toutes les semaines ?",
        "Quelqu'un a un retour sur Planner par rapport à un simple fichier partagé ?",
        "Comment répartir la charge quand deux projets prioritaires tombent le même mois ?",
    ],
    "securite": [
        "Mon mot de passe expire demain et le portail ne me laisse pas le changer, quelqu'un a eu le souci ?",
        "Le VPN se coupe toutes les 10 minutes depuis chez moi, c'est connu ?",
        "J'ai reçu un mail bizarre qui me demande de valider ma boîte, je le transfère à qui ?",
        "Est-ce qu'on a le droit d'utiliser une clé USB personnelle sur le poste de travail ?",
        "L'imprimante du 3e à {site} demande un badge maintenant, comment on l'enregistre ?",
        "Comment chiffrer un fichier avant de l'envoyer à un client ?",
        "Mon poste redémarre tout seul pour les mises à jour en pleine réunion, on peut décaler ça ?",
    ],
    "qualite": [
        "Quelqu'un a une méthode simple pour analyser les causes d'un défaut qui revient chaque semaine ?",
        "Comment vous formalisez un retour client sur un lot non conforme ?",
        "Sur la ligne 2 on a des écarts de couple au serrage, vous mesurez comment de votre côté ?",
        "Quel délai visez-vous pour clôturer une fiche de non-conformité ?",
        "Est-ce que l'audit fournisseur de {client} est prévu avant l'été ?",
        "Vous utilisez quoi pour suivre les temps d'arrêt machine ?",
    ],
    "ventes": [
        "Quelqu'un a déjà travaillé avec {client} ? Je cherche le bon interlocuteur aux achats.",
        "Comment vous relancez un devis resté sans réponse depuis trois semaines ?",
        "Est-ce qu'on a une fiche argumentaire à jour pour {product} ?",
        "Le client demande un délai de paiement à 90 jours, on a une règle là-dessus ?",
        "Comment gérer un client qui conteste une facture déjà payée ?",
        "Quelqu'un sait si {product} est compatible avec l'ancienne version ?",
    ],
    "rh": [
        "Comment poser une demi-journée de RTT dans le nouvel outil ?",
        "Le télétravail est-il possible depuis une résidence secondaire ?",
        "Ma fiche de paie n'affiche pas la prime d'ancienneté ce mois-ci, c'est normal ?",
        "Qui contacter pour une demande de mobilité vers {site} ?",
        "Les tickets restaurant sont-ils crédités les jours de télétravail ?",
        "Comment se passe la visite médicale de reprise après un arrêt long ?",
    ],
    "logistique": [
        "Quelqu'un a un transporteur fiable pour des palettes vers la Bretagne ?",
        "Comment vous gérez les retours clients abîmés à l'entrepôt de {site} ?",
        "Le stock affiché dans l'ERP ne correspond pas au physique, par où commencer ?",
        "Vous faites l'inventaire tournant sur quelles références en priorité ?",
        "Quel délai annoncer au client pour une livraison express vers la Suisse ?",
    ],
    "rnd": [
        "Quelqu'un a déjà testé une impression 3D en matériau résistant à la chaleur ?",
        "On a une base de brevets accessible depuis le réseau interne ?",
        "Comment vous organisez les essais terrain avec les clients pilotes ?",
        "Qui connaît bien les normes de sécurité électrique pour un prototype ?",
        "Avez-vous un labo partenaire pour les tests de vieillissement accéléré ?",
    ],
    "english": [
        "How do you say « relance » in a polite business email?",
        "Does anyone know a good podcast to improve business English?",
        "Is it « on Monday » or « in Monday » for a meeting invitation?",
        "Who can help me proofread a short presentation for a UK customer?",
        "What is the difference between « eventually » and « finally »?",
    ],
    "running": [
        "Qui est partant pour une sortie le midi jeudi depuis {site} ?",
        "Vous avez des conseils de chaussures pour débuter sur route ?",
        "Quelqu'un s'inscrit pour {race} ? On pourrait faire une équipe aux couleurs de la boîte.",
        "Comment vous gérez l'hydratation sur un semi quand il fait chaud ?",
    ],
    "tricot": [
        "Quelqu'un a un patron de bonnet facile pour une grande débutante ?",
        "Vous achetez votre laine où autour de {site} ?",
        "Comment rattraper une maille filée sans tout défaire ?",
        "Qui veut participer aux couvertures pour la maternité de l'hôpital ?",
    ],
    "peche": [
        "Quelqu'un connaît un bon coin pour le carnassier sur {place} ?",
        "Quelle carte de pêche prendre quand on change de département ?",
        "Vous pêchez avec quel fil pour le sandre en hiver ?",
        "Qui est partant pour une sortie samedi matin à {place} ?",
    ],
}

ANSWERS = {
    "all": [
        "Oui, elle reste ouverte mais avec un service réduit, le menu est affiché à l'accueil.",
        "Le plan est sur l'intranet, rubrique Vie des sites, tout en bas de la page.",
        "Il faut passer par l'accueil, ils gèrent les grandes salles à part.",
    ],
    "excel": [
        "Supprime les formules volatiles comme AUJOURDHUI et enregistre en .xlsb, chez nous le fichier a fondu de moitié.",
        "Onglet Affichage, Figer les volets, en sélectionnant la cellule B2 avant.",
        "NB.JOURS.OUVRES avec la liste des fériés dans un onglet à part, ça marche très bien.",
        "Dans la mise en page, choisis « ajuster toutes les colonnes sur une page », ça règle souvent le problème.",
        "Les macros qui utilisent l'ancien objet de sélection plantent depuis la mise à jour, il faut les réécrire.",
        "Données > Supprimer les doublons, en cochant seulement la colonne du code client.",
        "On a basculé le fichier sur SharePoint avec la co-édition, plus besoin de se passer le fichier.",
        "Oui, Insertion > Graphiques > Cascade, disponible depuis la version 2016.",
    ],
    "projets": [
        "On utilise Planner avec une colonne par jalon, et un point hebdo de 15 minutes avec le prestataire.",
        "Trois slides maximum : où on en est, ce qui bloque, ce qu'on attend d'eux. Ça marche bien.",
        "Je t'envoie notre modèle, il tient sur une page avec les objectifs, le périmètre et les risques.",
        "On fige le périmètre par tranches de quatre semaines, et tout le reste attend la tranche suivante.",
        "Planner suffit pour une petite équipe, au-delà on repasse sur le fichier partagé avec un responsable.",
        "On fait arbitrer par le sponsor, c'est son rôle, sinon tout le monde s'épuise.",
    ],
    "securite": [
        "Passe par le portail de réinitialisation depuis le réseau interne, de l'extérieur ça bloque.",
        "Oui, c'est connu, il faut mettre à jour le client VPN depuis le Centre logiciel.",
        "Ne clique sur rien et transfère-le à la boîte support-securite, ils s'en occupent dans la journée.",
        "Non, seules les clés fournies par la DSI sont autorisées, tu peux en demander une au support.",
        "Il faut passer ton badge une première fois sur le lecteur et saisir ton identifiant, ensuite c'est automatique.",
        "Utilise 7-Zip avec un mot de passe fort, et envoie le mot de passe par un autre canal.",
        "Tu peux choisir la plage de redémarrage dans le Centre logiciel, onglet Mises à jour.",
    ],
    "qualite": [
        "On fait un 5 pourquoi en équipe au pied de la machine, ça prend 20 minutes et on trouve souvent.",
        "Fiche de réclamation avec photos, numéro de lot et quantité, puis réponse au client sous 48 heures.",
        "On contrôle avec la clé dynamométrique étalonnée tous les matins, les écarts ont disparu.",
        "On vise 30 jours, avec un point chaque semaine sur les fiches ouvertes.",
        "Oui, semaine 22 normalement, le planning est dans le dossier qualité.",
        "Un simple tableau rempli par les chefs d'équipe, et un bilan tous les lundis.",
    ],
    "ventes": [
        "Oui, je les connais bien, je t'envoie le contact de la responsable achats en privé.",
        "Un appel plutôt qu'un mail, avec une nouvelle proposition de date de démarrage.",
        "La dernière version est dans le dossier commercial partagé, mise à jour le mois dernier.",
        "Au-delà de 60 jours il faut l'accord de la direction financière, c'est la règle.",
        "Il faut ouvrir un litige dans l'ERP et prévenir la comptabilité clients avant de répondre.",
        "Oui, avec l'adaptateur livré depuis janvier, sinon non.",
    ],
    "rh": [
        "Dans l'outil, choisis « absence » puis « demi-journée matin » ou « après-midi ».",
        "Oui, à condition de le déclarer à ton manager et aux RH, il y a un formulaire.",
        "Elle est versée en décalé ce mois-ci, tu la verras sur la paie suivante.",
        "Passe par ton responsable RH de proximité, il transmettra à l'équipe mobilité.",
        "Oui, ils sont crédités de la même façon.",
        "La médecine du travail te contacte directement, préviens juste les RH de ta date de retour.",
    ],
    "logistique": [
        "On travaille avec les Transports Gaudin depuis deux ans, très fiables sur la Bretagne.",
        "Zone dédiée à l'entrée de l'entrepôt, photo et tri sous 48 heures, puis avoir ou réparation.",
        "Commence par les mouvements non validés de la veille, c'est souvent là que ça coince.",
        "On commence par les références qui tournent le plus, classe A chaque mois.",
        "Compte trois jours ouvrés avec le dédouanement.",
    ],
    "rnd": [
        "Oui, avec un filament technique, ça tient jusqu'à 120 degrés sans problème.",
        "Oui, l'accès se demande à la documentation technique, c'est rapide.",
        "On signe une convention d'essai avec chaque client pilote et on passe les voir toutes les deux semaines.",
        "Le labo de Lyon a quelqu'un de très calé là-dessus, je te mets en contact.",
        "On travaille avec un laboratoire à Grenoble, je t'envoie les coordonnées.",
    ],
    "english": [
        "You can write « I am following up on my previous email ».",
        "Try « 6 Minute English », the episodes are short and very practical.",
        "It is « on Monday ». We use « in » for months and years.",
        "Happy to help, send it over and I will have a look this afternoon.",
        "« Eventually » means in the end, after some time; « finally » is more like at last.",
    ],
    "running": [
        "Partant ! Rendez-vous à 12h15 devant l'accueil.",
        "Prends-les en magasin spécialisé avec analyse de foulée, ça évite les blessures.",
        "Je m'inscris, on peut commander des t-shirts au nom du club.",
        "Une gorgée à chaque ravitaillement, même si tu n'as pas soif.",
    ],
    "tricot": [
        "Je t'envoie le patron du bonnet côtes 2/2, c'est parfait pour commencer.",
        "Il y a une petite mercerie près de la gare, très bon conseil.",
        "Avec un crochet fin tu remontes la maille rang par rang, ça se fait bien.",
        "Je participe, j'ai déjà deux carrés de prêts.",
    ],
    "peche": [
        "Vers l'écluse, au petit matin, ça mord bien en automne.",
        "Prends la carte interfédérale, elle couvre presque toute la France.",
        "Du fluorocarbone fin, et on pêche lentement près du fond.",
        "Je viens, je passe te prendre à 6h.",
    ],
}

STARTERS = {
    "all": [
        "Bienvenue à toutes les personnes arrivées ce mois-ci à {site}, n'hésitez pas à vous présenter ici.",
        "Petit rappel : la collecte de jouets pour l'association du quartier continue jusqu'à vendredi.",
        "Merci à l'équipe de {site} pour l'organisation de la journée portes ouvertes, c'était une réussite.",
        "Les photos du séminaire sont disponibles dans l'espace partagé de la communication.",
    ],
    "excel": [
        "Astuce du jour : Ctrl+Maj+L active et désactive les filtres en un clic.",
        "J'ai refait notre reporting mensuel avec des formules plus simples, le fichier est deux fois plus léger.",
        "Pour celles et ceux qui font des imports CSV : pensez à choisir l'encodage à l'ouverture, fini les accents cassés.",
        "Partage d'un modèle de suivi des frais de déplacement, libre à vous de l'adapter.",
    ],
    "projets": [
        "Retour d'expérience sur le déménagement du service client à Lille : ce qui a marché et ce qu'on referait autrement.",
        "Nous testons un point d'équipe debout de dix minutes le lundi, premiers retours très positifs.",
        "Je partage la trame de bilan de fin de projet que nous utilisons à la DSI.",
        "Lancement du projet de refonte de l'intranet, la feuille de route est dans le dossier partagé.",
    ],
    "securite": [
        "Rappel : ne laissez pas votre badge sur le bureau, les visiteurs circulent dans les étages.",
        "La mise à jour de la messagerie est prévue ce week-end, coupure de 22h à 2h samedi.",
        "Nouveau : le support informatique est joignable par chat depuis le portail.",
        "Les postes de {site} seront renouvelés en mars, chaque équipe recevra un planning.",
    ],
    "qualite": [
        "Bravo à l'équipe de nuit de Nantes : zéro réclamation client sur le dernier trimestre.",
        "Le nouveau standard de nettoyage des moules est affiché sur la ligne 3.",
        "Retour d'audit : deux points forts et trois axes de progrès, détails dans le compte rendu.",
        "Nous testons des étiquettes à code couleur pour les lots en quarantaine.",
    ],
    "ventes": [
        "Belle signature avec {client} ce matin, merci à toute l'équipe avant-vente.",
        "Le salon professionnel de Lyon aura lieu en octobre, on cherche des volontaires pour le stand.",
        "Nouvelle grille tarifaire pour {product} en vigueur au premier du mois.",
        "Retour de visite chez {client} : ils apprécient beaucoup le suivi après installation.",
    ],
    "rh": [
        "La campagne d'entretiens annuels ouvre lundi, les supports sont sur l'intranet.",
        "Nouveauté : le don de jours de repos entre collègues est désormais possible.",
        "Le forum mobilité interne aura lieu à {site} le mois prochain.",
        "Rappel : les demandes de congés d'été sont à poser avant fin avril.",
    ],
    "logistique": [
        "Le nouvel entrepôt de Lille est opérationnel, merci à tous pour le déménagement.",
        "Record de préparations hier à Nantes : 1 240 lignes sans erreur.",
        "Changement de transporteur pour l'Île-de-France à partir du 1er du mois.",
        "Les quais 4 et 5 seront fermés mardi pour travaux.",
    ],
    "rnd": [
        "Le prototype de {product} a passé les essais de vibration, bravo à l'équipe.",
        "Compte rendu de la conférence sur les matériaux biosourcés disponible dans le dossier veille.",
        "Nous cherchons des volontaires pour tester la nouvelle interface de réglage.",
        "Dépôt de notre troisième brevet de l'année, merci à tous les contributeurs.",
    ],
    "english": [
        "Word of the week: « to touch base », which means to get in contact briefly.",
        "Our conversation lunch takes place every Thursday at noon, everyone is welcome.",
        "Sharing a short guide on writing clear emails to international customers.",
        "Tip: « actually » does not mean « actuellement », it means « en fait ».",
    ],
    "running": [
        "Sortie du midi : 8 km autour du parc, allure tranquille, départ 12h15 devant l'accueil de {site}.",
        "Résultats de {race} : 14 collègues au départ, tout le monde a fini, bravo à toutes et à tous.",
        "Je partage mon plan d'entraînement pour {race}, trois séances par semaine.",
        "Séance fractionné ce jeudi sur la piste, tous niveaux bienvenus.",
    ],
    "tricot": [
        "Atelier tricot ce mardi midi en salle Garonne, apportez vos aiguilles.",
        "Mon premier pull est terminé, trois mois de travail mais je suis fière du résultat.",
        "Les couvertures pour la maternité ont été livrées, merci à toutes et à tous.",
        "Je partage un patron d'écharpe torsadée, niveau intermédiaire.",
    ],
    "peche": [
        "Belle matinée sur {place} : {fish} relâché après la photo.",
        "Ouverture du brochet samedi, rendez-vous au ponton à 7h.",
        "Je vends une canne à lancer très peu servie, prix d'ami pour les collègues.",
        "Sortie du club prévue le mois prochain sur {place}, inscriptions ici.",
    ],
}

REPLIES = {
    "fr": [
        "Merci pour le partage !", "Super idée, je note.", "Très utile, merci {first}.",
        "Bravo à toute l'équipe !", "Merci pour le rappel.", "Excellent, je transmets à mon équipe.",
        "On fait pareil chez nous, ça marche bien.", "Bonne nouvelle, merci de l'info.",
        "Top, je teste dès demain.", "Intéressant, tu peux en dire plus ?",
        "Merci {first}, c'est exactement ce qu'il me fallait.", "Chez nous à {site} on a eu le même retour.",
        "J'ajoute que ça vaut aussi pour les équipes de nuit.", "Je confirme, on l'a mis en place le mois dernier.",
    ],
    "en": [
        "Thanks for sharing!", "Great tip, thank you {first}.", "Very useful, I will try it.",
        "Same here, it works well for us.", "Count me in!", "Good to know, thanks.",
    ],
}
THANKS = {
    "fr": ["Merci beaucoup, ça marche !", "Parfait, merci !", "Merci, problème réglé.",
           "Top, merci pour la réponse rapide.", "Merci, je regarde ça."],
    "en": ["Thanks a lot, it works!", "Perfect, thank you!", "Great, thanks for the quick answer."],
}
GREETINGS = {"fr": ["", "", "Bonjour {first}, ", "Salut {first}, ", "Hello {first} ! "],
             "en": ["", "Hi {first}, ", "Hello {first}, "]}
OPENERS = {"fr": ["", "", "", "Bonjour à tous, ", "Question du jour : ", "Petite question : "],
           "en": ["", "", "Hi all, "]}
MENTION_ASIDES = {"fr": [" {mention} tu as une idée ?", " Je pense que {mention} connaît bien le sujet.",
                         " cc {mention}"],
                  "en": [" {mention} any idea?", " cc {mention}"]}

ANNOUNCEMENTS = [
    ("Lancement de notre réseau social interne",
     "Bienvenue sur notre communauté Viva Engage ! Posez vos questions, partagez vos astuces, "
     "rejoignez les groupes de votre métier et ceux de vos passions."),
    ("Résultats semestriels", "Les résultats du semestre sont en ligne : chiffre d'affaires en hausse de 4 %, "
     "merci à chacune et chacun pour son engagement."),
    ("Journée sécurité", "La journée sécurité aura lieu dans tous nos sites le même jour, programme en pièce jointe."),
    ("Nouvelle organisation du service client", "Le service client se réorganise en pôles régionaux à "
     "partir du mois prochain, vos interlocuteurs habituels restent les mêmes."),
    ("Séminaire annuel", "Le séminaire annuel se tiendra à Lyon, les inscriptions sont ouvertes sur l'intranet."),
    ("Trophées de l'innovation", "Déposez vos idées pour les Trophées de l'innovation avant la fin du mois."),
    ("Semaine de la qualité de vie au travail", "Ateliers, conférences et défis sportifs dans tous les sites, "
     "le programme est affiché dans les halls."),
    ("Nouveaux locaux à Paris", "L'équipe parisienne emménage dans ses nouveaux bureaux, plus lumineux et "
     "mieux desservis."),
]
ANNOUNCEMENT_REPLIES = ["Bravo à tous !", "Merci pour l'info.", "Super nouvelle !", "Hâte d'y être.",
                        "Félicitations aux équipes."]
BOT_POSTS = [
    "Rappel automatique : la lettre d'information interne de la semaine est disponible sur l'intranet.",
    "Rappel automatique : pensez à valider vos notes de frais avant la clôture mensuelle.",
]
SYSTEM_POSTS = ["{name} a rejoint le groupe {group}.", "{name} a créé le groupe {group}."]

# Tips an emerging influencer posts (no question mark: they are not questions).
INFLUENCER_TIPS = {
    "Sécurité informatique": [
        "Astuce sécurité du mois : verrouillez votre poste (Windows + L) dès que vous quittez votre bureau.",
        "Petit guide pour reconnaître un faux mail de livraison, avec trois exemples reçus cette semaine.",
        "Comment configurer le VPN sur un ordinateur personnel sans tout casser, pas à pas.",
        "J'ai fait une fiche sur les bons réflexes en déplacement : Wi-Fi public, écran, câbles.",
        "Résumé de la réunion avec la DSI sur le nouveau portail de support, ce qui change pour vous.",
    ],
    "Qualité production": [
        "Je partage notre routine de démarrage de ligne en 12 points, elle a fait baisser les rebuts.",
        "Retour d'expérience : comment nous avons divisé par deux les arrêts sur la presse 4.",
        "Fiche pratique pour mener un 5 pourquoi efficace au pied de la machine.",
        "Photo du nouveau tableau de suivi quotidien de l'atelier, simple et lisible par tous.",
        "Méthode pour préparer un audit client sans y passer trois semaines.",
    ],
    "Excel & data": [
        "Je vous partage mon modèle de suivi budgétaire mensuel, avec les explications onglet par onglet.",
        "Trois raccourcis clavier qui m'ont fait gagner une heure par semaine.",
        "Comment fiabiliser un fichier partagé : protéger les onglets et documenter les formules.",
        "Le récapitulatif des formules de dates que l'on me demande le plus souvent.",
        "Mon pas-à-pas pour fusionner les extractions de l'ERP sans copier-coller.",
    ],
    "Ventes & clients": [
        "Ma trame d'appel de découverte en cinq questions, elle marche avec tous les profils de clients.",
        "Retour sur le salon de Paris : ce que les visiteurs nous ont demandé le plus souvent.",
        "Comment je prépare un rendez-vous grand compte en 30 minutes.",
        "Les objections les plus fréquentes sur nos prix, et comment j'y réponds.",
        "Le modèle de compte rendu de visite que toute l'équipe de Lille utilise désormais.",
    ],
}
INFLUENCER_REPLIES = [
    "Merci {first}, je l'applique dès aujourd'hui.", "Génial, on l'a imprimé pour l'équipe.",
    "Toujours aussi clair, merci {first} !", "Je partage avec mon service, merci.",
    "Super fiche, tu pourrais faire la même pour les nouveaux arrivants ?", "Ça nous rend bien service à {site}.",
    "Merci pour ce partage, c'est précieux.", "Encore une pépite, merci {first}.",
]


def fill(rng: random.Random, template: str, **values) -> str:
    """Fill a template's slots; slots not given get a plausible random value."""
    defaults = {
        "site": rng.choice(["Lyon", "Paris", "Nantes", "Lille"]), "client": rng.choice(CLIENTS),
        "product": rng.choice(PRODUCTS), "race": rng.choice(RACES), "fish": rng.choice(FISH),
        "place": rng.choice(PLACES), "first": "", "mention": "", "name": "", "group": "",
    }
    defaults.update(values)
    return template.format(**defaults)


def language_of(space: str) -> str:
    return "en" if SPACES[space][1] == "english" else "fr"


def join(prefix: str, body: str) -> str:
    """Prefix + sentence, the sentence's capital lowered after a comma or colon (not an acronym's)."""
    if prefix.rstrip().endswith((",", ":")) and body[:2] != body[:2].upper():
        body = body[0].lower() + body[1:]
    return prefix + body
