"""Content: YAML files read with their lines, validated against the schema, cross-checked, tailored by type."""
