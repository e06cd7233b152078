"""Content: YAML files read with their lines, validated against the schema, cross-checked, tailored by type; the
texts, citations and medical words of a packet."""
