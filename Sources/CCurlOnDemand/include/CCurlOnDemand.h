// libcurl's functions, loaded when first called: see curl_on_demand.c.

// For the tests: goes through the forwarding functions with each kind of argument (a long, an
// object pointer, a function pointer, an off_t; information read back through a pointer).
// Returns 0 when every call reached libcurl and gave back what was set, else the failing step.
int storyloom_curl_on_demand_check(void);
