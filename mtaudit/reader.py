"""Former home of the input layer, kept so that `from mtaudit.reader import read_inputs` works:
everything now lives in the `mtaudit.readers` package, one module per format."""

from mtaudit.readers import *  # noqa: F403
from mtaudit.readers import __all__  # noqa: F401
