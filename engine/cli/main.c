#include <stdio.h>
int main(void) { puts("accord " ACCORD_VERSION); return 0; }
