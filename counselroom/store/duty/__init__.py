"""The duty rota's publications and slots, duty logs and swaps."""
