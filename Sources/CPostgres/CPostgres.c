// libpq, loaded on first use. The binary does not link libpq: this file defines the libpq
// functions that History calls, under their own names and signatures, and forwards each to
// libpq.so.5's, resolved once (dlopen, then dlsym for every function at once). Add a function
// to the list below when Swift code starts calling it (the link fails until then).
#include "shim.h"

#include <CLazyLoad.h>

// The functions, as LAZY_LIBRARY lists them (CLazyLoad.h).
#define PQ_FORWARDED(X, XV, XA)                                                                    \
    X(PGconn *, PQconnectdbParams,                                                                 \
      (const char *const *keywords, const char *const *values, int expand_dbname),                 \
      (keywords, values, expand_dbname))                                                           \
    X(ConnStatusType, PQstatus, (const PGconn *conn), (conn))                                      \
    X(char *, PQerrorMessage, (const PGconn *conn), (conn))                                        \
    XV(PQfinish, (PGconn *conn), (conn))                                                           \
    X(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))                        \
    X(PGresult *, PQexecParams,                                                                    \
      (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,                      \
       const char *const *paramValues, const int *paramLengths, const int *paramFormats,           \
       int resultFormat),                                                                          \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat)) \
    X(ExecStatusType, PQresultStatus, (const PGresult *res), (res))                                \
    X(char *, PQresultErrorMessage, (const PGresult *res), (res))                                  \
    X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))          \
    X(int, PQntuples, (const PGresult *res), (res))                                                \
    X(int, PQnfields, (const PGresult *res), (res))                                                \
    X(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num))                        \
    X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num),                       \
      (res, tup_num, field_num))                                                                   \
    X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num),                         \
      (res, tup_num, field_num))                                                                   \
    X(char *, PQcmdTuples, (PGresult *res), (res))                                                 \
    XV(PQclear, (PGresult *res), (res))                                                            \
    X(PQnoticeProcessor, PQsetNoticeProcessor,                                                     \
      (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg))

LAZY_LIBRARY("libpq.so.5", "libpq5", PQ_FORWARDED)

int cpostgres_load(char *message, size_t capacity) {
    static void *slots[lazy_slot_count];
    return lazy_load_try("libpq.so.5", "libpq5", lazy_names, slots, lazy_slot_count, message, capacity);
}
