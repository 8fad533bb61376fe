"""Pure payment rules: card input, money, installments, masking, the attempt state machine."""
