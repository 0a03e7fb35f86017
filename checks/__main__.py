import gc
import os
import sys

from .cli import COMMANDS, main

# The check itself (not a sub-command) is a one-shot process whose model and report are
# hundreds of thousands of small objects with almost no cycles: the cyclic collector would
# only walk them again and again (~0.5 s at 1,000 procedures), and tearing them down one by
# one at exit costs another ~0.4 s. So: no collector, and leave through os._exit once the
# output is flushed (the cache file is already written and closed; nothing uses atexit).
# Sub-commands (export, nuevo, …) write files and exit normally.
if len(sys.argv) > 1 and sys.argv[1] in COMMANDS:
    sys.exit(main())

gc.disable()
code = main()
try:
    sys.stdout.flush()
    sys.stderr.flush()
except BrokenPipeError:      # the reader went away (`| head`): nothing left to say
    pass
os._exit(code if isinstance(code, int) else 1)
