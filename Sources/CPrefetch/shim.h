// A hint to start loading memory that will be read soon, which Swift has no word for.
static inline void storyloom_prefetch(const void *address) {
    __builtin_prefetch(address);
}
