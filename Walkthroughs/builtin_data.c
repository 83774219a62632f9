// Compiles content files into the binary with C23 #embed: instant to build at any size, and
// the build tracks the files (editing a model or the script rebuilds this file).
#include "builtin_data.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char robots_json[] = {
#embed "models/robots.json"
};
static const unsigned char sort_json[] = {
#embed "models/sort.json"
};
static const unsigned char robots_corpus[] = {
#embed "corpora/robots.txt"
};
static const unsigned char default_walk[] = {
#embed "scripts/default.walk"
};

const unsigned char *tracer_robots_json(size_t *size) {
  *size = sizeof(robots_json);
  return robots_json;
}

const unsigned char *tracer_sort_json(size_t *size) {
  *size = sizeof(sort_json);
  return sort_json;
}

const unsigned char *tracer_robots_corpus(size_t *size) {
  *size = sizeof(robots_corpus);
  return robots_corpus;
}

const unsigned char *tracer_default_walk(size_t *size) {
  *size = sizeof(default_walk);
  return default_walk;
}
