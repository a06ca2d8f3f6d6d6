#ifndef LMARENA2API_CLIBXML2_SHIM_H
#define LMARENA2API_CLIBXML2_SHIM_H

#include <stdint.h>

/*
 * Debian builds libxml2 with ICU, so <libxml/encoding.h> includes the system's <unicode/ucnv.h>.
 * Swift 6.3's Foundation carries its own, newer ICU headers, and the two UErrorCode enums then
 * clash in every Swift file that imports both modules. libxml2's headers use ICU only for the
 * private uconv_t struct, through a pointer and a UChar buffer that this project never touches,
 * so the system ICU header is skipped (through its include guard) and those two types are
 * declared opaquely instead. The library itself still links and runs with its own ICU.
 */
#ifndef UCNV_H
#define UCNV_H
typedef struct UConverter UConverter;
typedef uint16_t UChar;
#endif

#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

#include <libxml/xmlerror.h>

static void lmarena_xml_ignore_generic(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static void lmarena_xml_ignore_structured(void *context, xmlErrorPtr error) {
    (void)context;
    (void)error;
}

/// Keeps libxml2 from printing parse errors (and the page bytes they quote) to standard error on
/// this thread: its error handlers are per thread, so this is called before each parse.
static inline void lmarena_xml_quiet(void) {
    xmlSetGenericErrorFunc(NULL, lmarena_xml_ignore_generic);
    xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)lmarena_xml_ignore_structured);
}

/// `xmlFree` is a global function pointer that Swift 6 refuses to call; this wrapper is safe to call.
static inline void lmarena_xml_free(void *pointer) {
    xmlFree(pointer);
}

#endif
