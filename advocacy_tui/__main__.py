import sys

from advocacy_tui.cli import main

sys.exit(main())
