"""Domain logic. No Qt, no scheduler, no I/O beyond companion.store; time comes from a Clock."""
