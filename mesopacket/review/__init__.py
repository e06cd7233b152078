"""Review: who signed off which words (signoffs), the approved text and its fingerprint (approved, fingerprint),
a packet's review state (state), recording a sign-off (signing), when it falls due (schedule), and what changed
since (changes)."""
