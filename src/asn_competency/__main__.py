"""``python -m asn_competency`` runs the command line."""

import sys

from asn_competency.cli import main

sys.exit(main())
