"""Every change to safeguarding records, each a named service: concerns and their chronology
(`concerns`), notifications to the lead (`notify`); risk flags (`flags`), the on-call rota
(`rota`) and the crisis call (`crisis`) have modules of their own."""
