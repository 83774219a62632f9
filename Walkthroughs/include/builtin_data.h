// The files of Walkthroughs/ compiled into the tracer binary (see builtin_data.c).
#include <stddef.h>

/// `models/robots.json`, the default model.
const unsigned char *tracer_robots_json(size_t *size);
/// `models/sort.json`, the sorting model.
const unsigned char *tracer_sort_json(size_t *size);
/// `corpora/robots.txt`, the corpus the default model is trained on.
const unsigned char *tracer_robots_corpus(size_t *size);
/// `scripts/default.walk`, the default walkthrough script.
const unsigned char *tracer_default_walk(size_t *size);
