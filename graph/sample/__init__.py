"""The bundled sample: a small, real cut of ESCO, O*NET, the crosswalks and CIP (see README.md)."""
