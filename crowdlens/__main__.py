import sys

from crowdlens.cli import main

sys.exit(main())
