"""Who may see and do what: area scope declared once per model (`scope`), the role policy
(`policy`) and the view guards (`guards`). Imports no feature app (CONVENTIONS.md)."""
