"""Print buttons and putting a PDF on paper without a plaintext copy."""
