"""WTForms classes of the custom screens; built-in messages in Indonesian."""
