"""The sample company's courses: material, key terms, and what attendees later write with them.

Each re-use text holds at least two of its course's key terms (sample_plan.MIN_TERMS); the
questions colleagues ask before such an answer hold none.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Course:
    course_id: str
    title: str
    language: str
    key_terms: tuple[str, ...]
    material: str
    posts: tuple[str, ...]  # an attendee shares what they learned
    questions: tuple[str, ...]  # a colleague asks for help, in everyday words
    answers: tuple[str, ...]  # an attendee answers with the course's vocabulary


EXCEL = Course(
    "excel-avance", "Excel avancé : tableaux croisés dynamiques et RECHERCHEX", "fr",
    ("tableau croisé dynamique", "RECHERCHEX", "Power Query", "mise en forme conditionnelle",
     "champ calculé", "segments", "tableau structuré", "SOMME.SI.ENS"),
    """# Excel avancé : tableaux croisés dynamiques et RECHERCHEX

Durée : deux jours, en salle informatique, 10 à 12 participants. Public : collaborateurs qui produisent
des reportings réguliers à partir d'extractions de l'ERP.

## Objectifs
- Structurer ses données sources dans un tableau structuré (Ctrl+T) nommé, qui s'étend tout seul.
- Construire un tableau croisé dynamique, le filtrer avec des segments et une chronologie.
- Ajouter un champ calculé et un élément calculé, comprendre la différence.
- Remplacer RECHERCHEV par RECHERCHEX : recherche vers la gauche, valeur par défaut, correspondance
  approximative, recherche de la dernière occurrence.
- Comprendre INDEX/EQUIV pour les classeurs partagés avec des versions anciennes.
- Agréger avec SOMME.SI.ENS et NB.SI.ENS sur plusieurs critères.
- Rendre un tableau lisible avec la mise en forme conditionnelle : barres de données, jeux d'icônes,
  règles par formule.
- Importer et nettoyer des fichiers avec Power Query : fusionner des requêtes, dépivoter des colonnes,
  actualiser en un clic.

## Déroulé
Jour 1, matin : du fichier brut au tableau structuré. Pourquoi les plages nommées et les références
structurées rendent les formules lisibles (=SOMME.SI.ENS(Ventes[Montant];Ventes[Région];"Ouest")).
Jour 1, après-midi : RECHERCHEX pas à pas. Atelier : rapprocher l'extraction des commandes et le
fichier clients, gérer les codes introuvables avec l'argument « si non trouvé ».
Jour 2, matin : le tableau croisé dynamique. Lignes, colonnes, valeurs, filtres ; regrouper des dates
par mois ; afficher les valeurs en pourcentage du total ; champ calculé pour la marge ; segments
connectés à plusieurs tableaux croisés.
Jour 2, après-midi : Power Query. Connexion à un dossier de fichiers CSV mensuels, typage des
colonnes, fusion avec le référentiel produits, chargement dans le modèle, actualisation. Finition du
tableau de bord avec la mise en forme conditionnelle.

## À retenir
Une donnée, un endroit : les sources restent dans un tableau structuré, les calculs dans le tableau
croisé dynamique, la présentation dans le tableau de bord. Un reporting bien construit s'actualise en
un clic au lieu d'être refait chaque mois.
""",
    (
        "Depuis la formation Excel, notre reporting mensuel passe par Power Query et un tableau croisé "
        "dynamique : il s'actualise en un clic au lieu de deux heures de copier-coller.",
        "J'ai remplacé toutes mes RECHERCHEV par RECHERCHEX dans le suivi des commandes, et les codes "
        "introuvables s'affichent enfin proprement. Le tableau structuré fait le reste.",
        "Petit partage : des segments sur le tableau croisé dynamique des ventes, et toute l'équipe filtre "
        "par région sans toucher aux formules.",
        "J'ai ajouté une mise en forme conditionnelle sur les écarts budgétaires et un champ calculé pour la "
        "marge, le comité a adoré.",
        "Mon fichier de frais est maintenant un tableau structuré avec des SOMME.SI.ENS par service, plus "
        "aucune formule cassée quand on ajoute des lignes.",
    ),
    (
        "Quelqu'un saurait comment rapprocher deux fichiers clients qui ne sont pas dans le même ordre ?",
        "Je refais le même fichier de synthèse tous les mois à la main, il y a moyen d'automatiser ?",
        "Comment faire une synthèse des ventes par région et par mois sans tout recopier ?",
        "Je dois fusionner douze extractions mensuelles, vous feriez comment ?",
    ),
    (
        "Avec RECHERCHEX c'est direct : tu cherches le code client dans l'autre fichier, et tu mets un "
        "message si non trouvé. Mets tes deux listes en tableau structuré avant, c'est plus robuste.",
        "Passe par Power Query : tu pointes le dossier des extractions, tu les empiles, puis un tableau "
        "croisé dynamique par dessus. Le mois suivant, tu actualises et c'est fini.",
        "Un tableau croisé dynamique avec les dates groupées par mois, et des segments pour la région. "
        "Je te montre si tu veux, on l'a vu en formation.",
        "Power Query sait combiner tous les fichiers d'un dossier, ensuite SOMME.SI.ENS ou un tableau croisé "
        "dynamique pour la synthèse.",
    ),
)

CYBER = Course(
    "cybersecurite", "Sensibilisation à la cybersécurité", "fr",
    ("hameçonnage", "authentification multifacteur", "gestionnaire de mots de passe", "rançongiciel",
     "ingénierie sociale", "pièce jointe piégée", "usurpation d'identité", "phishing"),
    """# Sensibilisation à la cybersécurité

Durée : une demi-journée, obligatoire pour tous les collaborateurs, 14 participants par session.

## Pourquoi cette formation
La majorité des incidents de sécurité commencent par une action humaine : un clic sur un lien, une pièce
jointe ouverte trop vite, un mot de passe réutilisé. Les attaquants exploitent la confiance, l'urgence et
l'autorité : c'est l'ingénierie sociale.

## Programme
1. Le hameçonnage (phishing) : reconnaître un message frauduleux. Adresse de l'expéditeur qui imite un
   fournisseur, ton d'urgence, lien dont l'adresse réelle ne correspond pas au texte, pièce jointe piégée
   (facture, bon de livraison, fichier compressé). Exercice : dix messages réels, lesquels sont faux.
2. L'usurpation d'identité : le faux président qui demande un virement urgent, le faux technicien qui
   appelle pour « vérifier votre poste ». Règle : toute demande inhabituelle se vérifie par un autre canal.
3. Les mots de passe : une phrase de passe longue plutôt qu'un mot compliqué, un mot de passe différent
   par service, et un gestionnaire de mots de passe pour ne plus les retenir. Le coffre-fort fourni par la
   DSI, son installation et son usage au quotidien.
4. L'authentification multifacteur : pourquoi un code reçu sur le téléphone bloque la plupart des prises
   de contrôle de compte ; l'activer sur la messagerie et le VPN ; ne jamais valider une demande que l'on
   n'a pas initiée.
5. Le rançongiciel : comment il entre, ce qu'il chiffre, pourquoi les sauvegardes hors ligne sauvent
   l'entreprise. Que faire si l'écran affiche une demande de rançon : débrancher le câble réseau, ne pas
   éteindre, appeler le support.
6. Signaler : la boîte support-securite, le bouton de signalement dans la messagerie, et pourquoi un
   signalement rapide protège les collègues.

## À retenir
Prendre dix secondes avant de cliquer. Vérifier par un autre canal. Activer l'authentification
multifacteur partout. Utiliser le gestionnaire de mots de passe. En cas de doute, signaler.
""",
    (
        "Depuis la sensibilisation cybersécurité, j'ai activé l'authentification multifacteur partout et "
        "installé le gestionnaire de mots de passe de la DSI. Je vous le recommande.",
        "Attention, message d'hameçonnage en circulation ce matin : faux bon de livraison avec une pièce "
        "jointe piégée. Ne l'ouvrez pas, signalez-le.",
        "Un faux fournisseur m'a appelé pour changer un RIB : typique de l'ingénierie sociale vue en "
        "formation. Usurpation d'identité évitée, on a vérifié par un autre canal.",
        "Rappel utile après la formation : contre un rançongiciel, les sauvegardes hors ligne et le phishing "
        "signalé tôt, c'est ce qui protège tout le monde.",
        "J'ai montré à mon équipe comment repérer le phishing : adresse de l'expéditeur, urgence, lien "
        "trompeur. Et l'authentification multifacteur sur la messagerie pour tous.",
    ),
    (
        "J'ai reçu un mail de notre banque qui me demande de me reconnecter, je fais quoi ?",
        "Je n'arrive plus à retenir tous mes codes d'accès, vous avez une solution ?",
        "Un fournisseur m'appelle pour changer ses coordonnées bancaires, c'est normal ?",
        "Mon collègue a ouvert une facture étrange et son écran affiche un message en anglais, on fait quoi ?",
    ),
    (
        "C'est sûrement de l'hameçonnage : ne clique pas, regarde l'adresse réelle de l'expéditeur et "
        "signale-le à support-securite. On l'a vu en formation, c'est du phishing classique.",
        "Le gestionnaire de mots de passe de la DSI est fait pour ça, et active l'authentification "
        "multifacteur sur la messagerie : tu n'as plus qu'une phrase de passe à retenir.",
        "Méfiance, c'est de l'ingénierie sociale typique : usurpation d'identité d'un fournisseur. Rappelle "
        "le numéro habituel, jamais celui donné au téléphone.",
        "Ça ressemble à un rançongiciel venu d'une pièce jointe piégée : débranche le câble réseau, "
        "n'éteins pas le poste et appelle le support tout de suite.",
    ),
)

AGILE = Course(
    "gestion-projet-agile", "Gestion de projet agile avec Scrum et Kanban", "fr",
    ("Scrum", "sprint", "backlog", "user story", "rétrospective", "product owner", "vélocité",
     "tableau Kanban"),
    """# Gestion de projet agile avec Scrum et Kanban

Durée : deux jours. Public : chefs de projet, membres d'équipes projet, managers.

## Objectifs
Comprendre les valeurs du manifeste agile et savoir organiser un projet en itérations courtes avec Scrum,
ou en flux continu avec un tableau Kanban.

## Contenu
- Les rôles Scrum : le product owner porte la vision et priorise le backlog, le Scrum master protège
  l'équipe et anime les cérémonies, l'équipe de développement s'engage sur le sprint.
- Le backlog produit : écrire une user story (« en tant que… je veux… afin de… »), ses critères
  d'acceptation, la définition de fini ; découper les grosses histoires ; estimer en points avec le
  planning poker.
- Le sprint : planification, mêlée quotidienne de quinze minutes, revue avec les utilisateurs,
  rétrospective pour améliorer la façon de travailler.
- Mesurer : la vélocité de l'équipe, le graphique d'avancement, et pourquoi ne jamais comparer la
  vélocité de deux équipes.
- Kanban : visualiser le flux, limiter le travail en cours, mesurer le temps de traversée ; quand
  préférer un tableau Kanban à Scrum (support, maintenance, demandes imprévisibles).
- Atelier : une équipe mène trois mini-sprints de vingt minutes pour construire une ville en papier.

## Pièges fréquents
- Un sprint sans objectif clair, où l'on empile des tâches sans lien entre elles.
- Un product owner absent, qui découvre le résultat à la revue.
- Une rétrospective qui ne produit aucune action, ou toujours les mêmes.
- Des user stories trop grosses, qui ne tiennent pas dans un sprint.

## À retenir
Livrer souvent de petits incréments utiles, montrer le résultat, ajuster le plan. Le backlog est
vivant ; la rétrospective est le moment où l'équipe s'améliore.
""",
    (
        "Nous avons démarré notre premier sprint de deux semaines avec un backlog priorisé par le product "
        "owner. La rétrospective de vendredi a déjà donné trois idées.",
        "Notre équipe support est passée au tableau Kanban avec une limite de travail en cours, et la "
        "vélocité n'est plus un sujet.",
    ),
    ("Comment organiser un projet quand les demandes changent tout le temps ?",),
    (
        "Essaie Scrum : un backlog priorisé, des sprints courts, et une rétrospective à chaque fin de sprint.",
    ),
)

SPEAKING = Course(
    "prise-de-parole", "Prise de parole en public", "fr",
    ("trac", "respiration abdominale", "storytelling", "ancrage", "contact visuel", "message clé",
     "règle des trois", "gestuelle"),
    """# Prise de parole en public

Durée : une journée, en petit groupe de 10 personnes, avec passages filmés.

## Objectifs
Préparer et délivrer une intervention claire de cinq à dix minutes, devant une équipe, un client ou
un comité, et gérer son trac.

## Contenu
- Préparer : un seul message clé, trois arguments (la règle des trois), une ouverture qui capte
  l'attention et une conclusion qui appelle à l'action.
- Raconter : le storytelling au service d'un message professionnel ; une situation, un obstacle,
  une résolution ; des chiffres incarnés par un exemple.
- Le corps : l'ancrage des deux pieds au sol, la gestuelle ouverte, le contact visuel avec chaque
  partie de la salle, les pauses qui laissent le message s'installer.
- La voix : respiration abdominale, débit, volume, articulation. Exercices de lecture à voix haute.
- Le trac : le comprendre comme une énergie, routines de préparation, respiration abdominale avant
  d'entrer en scène.
- Répondre aux questions : reformuler, remercier, répondre court, revenir au message clé.
- Mise en situation filmée et retours bienveillants du groupe.

## Exercices
1. Le pitch d'ascenseur : présenter son métier en une minute à quelqu'un qui ne le connaît pas.
2. L'histoire vécue : raconter en trois minutes un problème résolu avec un client, avec un début, une
   difficulté et une fin, puis en tirer un message clé.
3. La question piège : répondre à une objection agressive en reformulant d'abord, calmement.
4. Le silence : marquer une pause de deux secondes avant le chiffre important et observer l'effet sur
   la salle.

## À retenir
Préparer le message avant les diapositives. Respirer. Regarder les gens. Se taire une seconde avant
l'idée importante.
""",
    (
        "Présentation au comité ce matin : un seul message clé, la règle des trois, et la respiration "
        "abdominale avant d'entrer. Le trac était là mais sous contrôle.",
        "Je teste le storytelling dans mes réunions d'équipe depuis la formation, et le contact visuel "
        "change tout.",
    ),
    ("Je dois présenter notre bilan devant toute la direction et je stresse, des conseils ?",),
    (
        "Contre le trac, respiration abdominale deux minutes avant, et un seul message clé que tu répètes "
        "en conclusion.",
    ),
)

GDPR = Course(
    "gdpr-essentials", "GDPR essentials for managers", "en",
    ("lawful basis", "data minimisation", "data subject", "retention period", "DPIA",
     "data breach notification", "processing register", "legitimate interest"),
    """# GDPR essentials for managers

Duration: half a day, in English, for managers and project leads who handle personal data.

## Objectives
Know when the General Data Protection Regulation applies, what it requires from a team, and when to
call the Data Protection Officer.

## Content
- Personal data and the data subject: names, e-mail addresses, identifiers, and data that identify a
  person indirectly.
- Lawful basis: consent, contract, legal obligation, legitimate interest; why every processing needs one,
  written down before it starts.
- Principles: purpose limitation, data minimisation (collect only what the purpose needs), accuracy,
  a defined retention period, security.
- The processing register: what we record for each processing and who keeps it up to date.
- Rights of the data subject: access, rectification, erasure, objection; answering within one month.
- The DPIA (data protection impact assessment): when a project needs one, and how to run it with the DPO.
- Data breach notification: 72 hours to notify the authority; what counts as a breach; the internal
  procedure.
- Privacy by design in new projects and in contracts with suppliers.

## Case studies
1. A sales team wants to enrich its customer file with data bought from a broker: which lawful basis,
   what the data subject must be told, and why the purchase contract must say where the data come from.
2. HR keeps the CVs of unsuccessful candidates "just in case": a retention period of two years, with the
   candidate informed, and deletion afterwards.
3. A laptop holding an unencrypted export of payroll data is stolen on a train: is it a breach, who
   decides on the data breach notification, and what goes into the internal incident log.
4. A new analytics tool profiles customers' purchases: why it needs a DPIA before launch and an entry in
   the processing register.

## Key message
Collect less, keep it shorter, document why. When in doubt, ask the DPO early.
""",
    (
        "After the GDPR course we reviewed our customer files: a clear lawful basis for each, data "
        "minimisation on the forms, and a retention period of three years.",
        "Reminder for project leads: a new tool that profiles customers needs a DPIA and an entry in the "
        "processing register before launch.",
    ),
    ("Can we keep the CVs of candidates we did not hire, and for how long?",),
    (
        "Only with a lawful basis: legitimate interest works for a short retention period, two years at most, "
        "and tell the data subject.",
    ),
)

COURSES = {c.course_id: c for c in (EXCEL, CYBER, AGILE, SPEAKING, GDPR)}


def course_markdown(course: Course) -> str:
    """The course file: front matter the training importer reads, then the material."""
    return (
        f"---\ntitle: {course.title}\nlanguage: {course.language}\n"
        f"key_terms: {', '.join(course.key_terms)}\n---\n\n{course.material}"
    )
