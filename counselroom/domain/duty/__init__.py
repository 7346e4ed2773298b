"""值班: the fair duty rota (minimum-cost flow), fairness in minutes, swap rules."""
