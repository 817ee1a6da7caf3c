"""claimcheck: check that an article's figures are supported by the sources it cites."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/claimcheck/claimcheck"
