"""The Textual terminal app; it only gathers input and shows what the core computes."""
