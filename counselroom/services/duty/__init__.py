"""值班: the duty rota (值班表) of a term, its calendar, swaps (调班) and duty logs."""
