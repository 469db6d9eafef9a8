"""Who may see what: area scope declared once per model (`scope`) and the view guards
(`guards`). The role policy they use is childwelfare.accounts.policy. Imports no feature app
(CONVENTIONS.md)."""
