/* A unified diff of two texts, line by line, for `install --dry-run`. */
#ifndef KIT_DIFF_H
#define KIT_DIFF_H

/* "--- a_label\n+++ b_label\n@@ -l,n +l,n @@\n" hunks with 3 lines of context; "" when the
 * texts are equal. malloc'd; NULL when memory runs out. */
char *kit_diff_unified(const char *a, const char *b, const char *a_label, const char *b_label);

#endif
