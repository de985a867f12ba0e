#ifndef MEMHIST_CSQLITE_SHIM_H
#define MEMHIST_CSQLITE_SHIM_H

#include <sqlite3.h>

/// sqlite3_db_config is variadic, which Swift cannot call: one wrapper per option we use.
static inline int memhist_sqlite3_defensive(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, on, (int *)0);
}

#endif
