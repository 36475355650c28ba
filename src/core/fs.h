/* fs.h -- the few folder operations outputs need. */
#ifndef NMFI_FS_H
#define NMFI_FS_H

#include "nmfkit.h"

/* mkdir -p; *created says whether the last component was made here
 * (parents made on the way are left alone: only the folder the user named
 * is ours to remove again). */
nmf_status nmfi_make_dirs(const char *dir, int *created);

/* Remove a folder we made and everything in it (files and subfolders). */
void nmfi_remove_tree(const char *dir);

/* Move every entry of src into dst (same file system), merging subfolders
 * and replacing files of the same name; src is left empty. */
nmf_status nmfi_move_into(const char *src, const char *dst);

#endif
