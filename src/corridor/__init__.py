"""corridor: Pakistan-China cooperation tracked from promise to delivery."""

__version__ = "0.1.0"
