"""Court hearings: the caseworker's attendance, a character reference, the result, the next date."""
