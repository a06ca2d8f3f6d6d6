#ifndef LMARENA2API_CLIBXML2_SHIM_H
#define LMARENA2API_CLIBXML2_SHIM_H

#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

/// `xmlFree` is a global function pointer that Swift 6 refuses to call; this wrapper is safe to call.
static inline void lmarena_xml_free(void *pointer) {
    xmlFree(pointer);
}

#endif
