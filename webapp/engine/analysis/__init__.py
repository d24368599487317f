"""The analysis layer: every completion of the unknown answers (enumeration, or the relaxation
bound), the precautionary headline, evidence gaps, weight sensitivity and what would change
the verdict."""
