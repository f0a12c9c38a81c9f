/* plr-lrs-client.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-lrs-client"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "plr-client.h"
#include "plr-field.h"
#include "plr-identifiers.h"
#include "plr-lrs-client.h"
#include "plr-lrs-xml.h"

/* The LRS organisation web service, LearnerServiceR9, operation
 * GetLearnerLearningEvents: SOAP 1.1 over HTTPS.
 *
 * The request envelope is built with libxml2, never pasted together from
 * strings, so a name with "<" or "&" in it stays a name. Of the answer this
 * file reads only the envelope: Envelope / Body / Fault, or the result's
 * ResponseCode, which must be in the LRS model namespace. The learning
 * events themselves are read by the project's one LRS XML importer
 * (plr_lrs_xml_read()), the same that reads a file a provider hands over.
 *
 * The credentials (UKPRN, username, password) come from a key file that
 * only the service's user may read; they are never logged, and neither is
 * anything about the learner: log lines carry sizes, counts and codes.
 *
 * Messages are for a provider's administrator, in English like the rest of
 * the service; the learner never sees them. */

#define CONFIG_GROUP        "lrs"
#define CONFIG_MAX_BYTES    (64 * 1024)
#define DEFAULT_TIMEOUT     60
#define DEFAULT_MAX_AGE     (24 * 60 * 60)
#define FAULT_MAX_CHARS     200

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

struct _PlrLrsClient
{
  GObject          parent_instance;

  char            *endpoint;
  char            *ukprn;
  char            *username;
  char            *password;
  char            *vendor_id;
  GTlsCertificate *client_certificate;
  guint            timeout;
  guint            max_age;
};

G_DEFINE_FINAL_TYPE (PlrLrsClient, plr_lrs_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-lrs-error-quark, plr_lrs_error)

/* ------------------------------------------------------------------ */
/* The query                                                            */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

/**
 * plr_lrs_query_new:
 * @uln: the learner's ULN
 * @given_name: the learner's given name
 * @family_name: the learner's family name
 * @date_of_birth: yyyy-mm-dd
 * @gender: (nullable): the LRS's gender code (0, 1, 2 or 9), or %NULL for 0, not known
 * @error: return location for a #GError
 *
 * Checks the details before anything is sent: a request with a wrong ULN
 * or date costs the provider an LRS call and tells it nothing.
 *
 * Returns: (transfer full): the query, or %NULL with @error set
 *   (%PLR_LRS_ERROR_CONFIG)
 */
PlrLrsQuery *
plr_lrs_query_new (const char  *uln,
                   const char  *given_name,
                   const char  *family_name,
                   const char  *date_of_birth,
                   const char  *gender,
                   GError     **error)
{
  g_autoptr(PlrLrsQuery) query = g_new0 (PlrLrsQuery, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *canonical_gender = NULL;
  int year, month, day;

  if (!plr_uln_validate (uln, &local_error))
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG, ("The ULN is not valid: %s"),
                   local_error->message);
      return NULL;
    }
  if (is_blank (given_name) || is_blank (family_name))
    {
      g_set_error_literal (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                           ("The LRS needs the learner's given name and family name"));
      return NULL;
    }
  if (date_of_birth == NULL || !plr_field_parse_date (date_of_birth, &year, &month, &day))
    {
      g_set_error_literal (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                           ("The date of birth must be a real date written YYYY-MM-DD"));
      return NULL;
    }

  canonical_gender = plr_field_normalize (plr_learner_field_info (PLR_LEARNER_FIELD_GENDER),
                                          gender != NULL ? gender : "0", NULL);
  if (canonical_gender == NULL)
    {
      g_set_error_literal (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                           ("The gender must be one of the LRS's codes: 0 (not known), "
                             "1 (male), 2 (female) or 9 (not specified)"));
      return NULL;
    }

  query->uln = g_strdup (uln);
  query->given_name = g_strstrip (g_strdup (given_name));
  query->family_name = g_strstrip (g_strdup (family_name));
  query->date_of_birth = g_strdup (date_of_birth);
  query->gender = g_steal_pointer (&canonical_gender);

  return g_steal_pointer (&query);
}

PlrLrsQuery *
plr_lrs_query_copy (const PlrLrsQuery *query)
{
  PlrLrsQuery *copy = g_new0 (PlrLrsQuery, 1);

  copy->uln = g_strdup (query->uln);
  copy->given_name = g_strdup (query->given_name);
  copy->family_name = g_strdup (query->family_name);
  copy->date_of_birth = g_strdup (query->date_of_birth);
  copy->gender = g_strdup (query->gender);

  return copy;
}

void
plr_lrs_query_free (PlrLrsQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->uln);
  g_free (query->given_name);
  g_free (query->family_name);
  g_free (query->date_of_birth);
  g_free (query->gender);
  g_free (query);
}

/* ------------------------------------------------------------------ */
/* The configuration                                                    */

/* Reads @path only if it is a regular file of this user that nobody else
 * can read or write, checked on the open file so that it cannot be swapped
 * between the check and the read. */
static char *
read_private_file (const char  *path,
                   gsize       *out_length,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  struct stat st;
  gsize length = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                   ("Could not open the LRS configuration “%s”: %s"), path,
                   g_strerror (saved_errno));
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                   ("The LRS configuration “%s” is not a regular file"), path);
      close (fd);
      return NULL;
    }

  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_INSECURE,
                   ("The LRS configuration “%s” holds the organisation's LRS password but "
                     "other users can open it (mode %04o). Make it private with "
                     "“chmod 600 %s”."),
                   path, (guint) (st.st_mode & 07777), path);
      close (fd);
      return NULL;
    }

  if (st.st_uid != geteuid ())
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_INSECURE,
                   ("The LRS configuration “%s” belongs to another user. It must belong to "
                     "the user the service runs as."),
                   path);
      close (fd);
      return NULL;
    }

  if (st.st_size > CONFIG_MAX_BYTES)
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                   ("The LRS configuration “%s” is too large to be a configuration"), path);
      close (fd);
      return NULL;
    }

  contents = g_malloc (CONFIG_MAX_BYTES + 1);
  while (length < CONFIG_MAX_BYTES)
    {
      gssize n = read (fd, contents + length, CONFIG_MAX_BYTES - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                       ("Could not read the LRS configuration “%s”: %s"), path,
                       g_strerror (saved_errno));
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      length += (gsize) n;
    }
  close (fd);

  contents[length] = '\0';
  *out_length = length;

  return g_steal_pointer (&contents);
}

static char *
dup_required (GKeyFile    *key_file,
              const char  *key,
              GError     **error)
{
  g_autofree char *value = g_key_file_get_string (key_file, CONFIG_GROUP, key, NULL);

  if (value != NULL)
    g_strstrip (value);

  if (value == NULL || value[0] == '\0')
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                   ("The LRS configuration has no “%s” in its [lrs] group"), key);
      return NULL;
    }

  return g_steal_pointer (&value);
}

static gboolean
get_seconds (GKeyFile    *key_file,
             const char  *key,
             guint        fallback,
             guint       *out_value,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 value;

  *out_value = fallback;
  if (!g_key_file_has_key (key_file, CONFIG_GROUP, key, NULL))
    return TRUE;

  value = g_key_file_get_int64 (key_file, CONFIG_GROUP, key, &local_error);
  if (local_error != NULL || value < 1 || value > G_MAXINT32)
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                   ("“%s” in the LRS configuration must be a number of seconds"), key);
      return FALSE;
    }

  *out_value = (guint) value;
  return TRUE;
}

/**
 * plr_lrs_client_new_from_key_file:
 * @key_file: a key file with an `[lrs]` group
 * @error: return location for a #GError
 *
 * Keys: `endpoint` (https://, or http:// to this computer for tests),
 * `ukprn` (8 digits), `username`, `password`, `vendor-id`; optionally
 * `timeout` and `max-age` in seconds, and `client-certificate` and
 * `client-key` (PEM files) when the LRS asks for a client certificate.
 *
 * Returns: (transfer full): a client, or %NULL with @error set
 */
PlrLrsClient *
plr_lrs_client_new_from_key_file (GKeyFile  *key_file,
                                  GError   **error)
{
  g_autoptr(PlrLrsClient) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *certificate = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (key_file != NULL, NULL);

  if (!g_key_file_has_group (key_file, CONFIG_GROUP))
    {
      g_set_error_literal (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                           ("The LRS configuration has no [lrs] group"));
      return NULL;
    }

  self = g_object_new (PLR_TYPE_LRS_CLIENT, NULL);

  if ((self->endpoint = dup_required (key_file, "endpoint", error)) == NULL ||
      (self->ukprn = dup_required (key_file, "ukprn", error)) == NULL ||
      (self->username = dup_required (key_file, "username", error)) == NULL ||
      (self->password = dup_required (key_file, "password", error)) == NULL ||
      (self->vendor_id = dup_required (key_file, "vendor-id", error)) == NULL)
    return NULL;

  if (!plr_client_check_url (self->endpoint, &local_error))
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_INSECURE,
                   ("The LRS endpoint cannot be used: %s"), local_error->message);
      return NULL;
    }

  if (strlen (self->ukprn) != 8 || strspn (self->ukprn, "0123456789") != 8)
    {
      g_set_error_literal (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                           ("The UKPRN in the LRS configuration must have 8 digits"));
      return NULL;
    }

  if (!get_seconds (key_file, "timeout", DEFAULT_TIMEOUT, &self->timeout, error) ||
      !get_seconds (key_file, "max-age", DEFAULT_MAX_AGE, &self->max_age, error))
    return NULL;

  certificate = g_key_file_get_string (key_file, CONFIG_GROUP, "client-certificate", NULL);
  key = g_key_file_get_string (key_file, CONFIG_GROUP, "client-key", NULL);
  if (certificate != NULL)
    {
      self->client_certificate = g_tls_certificate_new_from_files (certificate,
                                                                   key ? key : certificate,
                                                                   &local_error);
      if (self->client_certificate == NULL)
        {
          g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                       ("Could not load the client certificate: %s"), local_error->message);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

/**
 * plr_lrs_client_new_from_file:
 * @path: a key file private to this user (mode 0600)
 * @error: return location for a #GError
 *
 * Reads the configuration as plr_lrs_client_new_from_key_file() describes,
 * after checking that no other user can read it: a file that others can
 * read is refused with %PLR_LRS_ERROR_INSECURE and the reason.
 *
 * Returns: (transfer full): a client, or %NULL with @error set
 */
PlrLrsClient *
plr_lrs_client_new_from_file (const char  *path,
                              GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  contents = read_private_file (path, &length, error);
  if (contents == NULL)
    return NULL;

  if (!g_key_file_load_from_data (key_file, contents, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_CONFIG,
                   ("The LRS configuration “%s” is not a key file: %s"), path,
                   local_error->message);
      return NULL;
    }

  /* The password is in @contents too: wipe it before it is freed. */
  memset (contents, 0, length);

  return plr_lrs_client_new_from_key_file (key_file, error);
}

/* ------------------------------------------------------------------ */
/* The request                                                          */

static void
add_text (xmlNode    *parent,
          xmlNs      *ns,
          const char *name,
          const char *text)
{
  /* xmlNewTextChild escapes the text; xmlNewChild would not. */
  xmlNewTextChild (parent, ns, BAD_CAST name, BAD_CAST text);
}

static GBytes *
build_request (PlrLrsClient      *self,
               const PlrLrsQuery *query)
{
  g_autoptr(xmlDoc) doc = xmlNewDoc (BAD_CAST "1.0");
  xmlNode *envelope;
  xmlNode *body;
  xmlNode *operation;
  xmlNode *organisation;
  xmlNs *soap;
  xmlNs *tns;
  xmlNs *model;
  xmlChar *buffer = NULL;
  GBytes *bytes;
  int length = 0;

  envelope = xmlNewDocNode (doc, NULL, BAD_CAST "Envelope", NULL);
  soap = xmlNewNs (envelope, BAD_CAST PLR_LRS_SOAP_ENVELOPE_NS, BAD_CAST "s");
  xmlSetNs (envelope, soap);
  xmlDocSetRootElement (doc, envelope);

  body = xmlNewChild (envelope, soap, BAD_CAST "Body", NULL);
  operation = xmlNewChild (body, NULL, BAD_CAST "GetLearnerLearningEvents", NULL);
  tns = xmlNewNs (operation, BAD_CAST PLR_LRS_OPERATION_NS, NULL);
  xmlSetNs (operation, tns);

  organisation = xmlNewChild (operation, tns, BAD_CAST "invokingOrganisation", NULL);
  model = xmlNewNs (organisation, BAD_CAST PLR_LRS_MODEL_NS, BAD_CAST "a");
  add_text (organisation, model, "Password", self->password);
  add_text (organisation, model, "Ukprn", self->ukprn);
  add_text (organisation, model, "Username", self->username);

  add_text (operation, tns, "userType", "ORG");
  add_text (operation, tns, "vendorId", self->vendor_id);
  add_text (operation, tns, "language", "ENG");
  add_text (operation, tns, "uln", query->uln);
  add_text (operation, tns, "givenName", query->given_name);
  add_text (operation, tns, "familyName", query->family_name);
  add_text (operation, tns, "dateOfBirth", query->date_of_birth);
  add_text (operation, tns, "gender", query->gender);
  add_text (operation, tns, "getType", "FULL");

  xmlDocDumpMemoryEnc (doc, &buffer, &length, "UTF-8");
  bytes = g_bytes_new (buffer, (gsize) length);
  /* The buffer holds the password. */
  memset (buffer, 0, (gsize) length);
  xmlFree (buffer);

  return bytes;
}

static SoupMessage *
build_message (PlrLrsClient      *self,
               const PlrLrsQuery *query)
{
  g_autoptr(GBytes) body = build_request (self, query);
  SoupMessage *message = soup_message_new (SOUP_METHOD_POST, self->endpoint);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "SOAPAction", "\"" PLR_LRS_SOAP_ACTION "\"");
  soup_message_headers_replace (headers, "Accept", "text/xml");
  soup_message_set_request_body_from_bytes (message, "text/xml; charset=utf-8", body);

  if (self->client_certificate != NULL)
    soup_message_set_tls_client_certificate (message, self->client_certificate);

  return message;
}

static SoupSession *
new_session (PlrLrsClient *self)
{
  /* A session per fetch, in the thread that fetches: one request each, and
   * no session shared between the service's threads. TLS verification
   * stays as libsoup has it: against the system's certificate authorities. */
  return soup_session_new_with_options ("timeout", self->timeout,
                                        "idle-timeout", self->timeout,
                                        "user-agent", "learning-record-service/" PACKAGE_VERSION,
                                        NULL);
}

/* ------------------------------------------------------------------ */
/* The answer                                                           */

static gboolean
is_element (xmlNode    *node,
            const char *ns,
            const char *name)
{
  return node != NULL &&
         node->type == XML_ELEMENT_NODE &&
         strcmp ((const char *) node->name, name) == 0 &&
         (ns == NULL || (node->ns != NULL && node->ns->href != NULL &&
                         strcmp ((const char *) node->ns->href, ns) == 0));
}

static xmlNode *
first_element (xmlNode *parent)
{
  for (xmlNode *child = parent ? parent->children : NULL; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return child;
  return NULL;
}

static xmlNode *
child_named (xmlNode    *parent,
             const char *name)
{
  for (xmlNode *child = parent ? parent->children : NULL; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && strcmp ((const char *) child->name, name) == 0)
      return child;
  return NULL;
}

/* An element's text, trimmed, cut to a length fit for a message, with no
 * control characters: it comes from outside and may be shown. */
static char *
dup_shown_text (xmlNode *node)
{
  xmlChar *raw = node ? xmlNodeGetContent (node) : NULL;
  g_autofree char *text = NULL;
  char *shown;

  if (raw == NULL)
    return NULL;

  text = g_utf8_make_valid ((const char *) raw, -1);
  xmlFree (raw);
  g_strstrip (text);
  if (text[0] == '\0')
    return NULL;

  shown = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), FAULT_MAX_CHARS));
  for (char *p = shown; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';

  return shown;
}

typedef enum
{
  ENVELOPE_RESULT,
  ENVELOPE_FAULT,
  ENVELOPE_INVALID,
} EnvelopeKind;

/* Reads the envelope: a fault (with its code and string), or the result's
 * response code. Never the learning events: those are the importer's. */
static EnvelopeKind
read_envelope (GBytes  *body,
               char   **out_code,
               char   **out_message)
{
  g_autoptr(xmlDoc) doc = NULL;
  const char *data;
  gsize length;
  xmlNode *root;
  xmlNode *first;
  xmlNode *result;
  xmlNode *code;

  *out_code = NULL;
  *out_message = NULL;

  data = g_bytes_get_data (body, &length);
  if (length == 0 || length > G_MAXINT)
    {
      *out_message = g_strdup (("the answer is empty"));
      return ENVELOPE_INVALID;
    }

  /* An LRS answer never has a document type; refuse one before parsing,
   * as the importer does, so no entity is ever declared. */
  if (g_strstr_len (data, (gssize) length, "<!DOCTYPE") != NULL ||
      g_strstr_len (data, (gssize) length, "<!ENTITY") != NULL)
    {
      *out_message = g_strdup (("the answer declares a document type"));
      return ENVELOPE_INVALID;
    }

  doc = xmlReadMemory (data, (int) length, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  root = doc ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL)
    {
      *out_message = g_strdup (("the answer is not complete XML: it may have been cut short"));
      return ENVELOPE_INVALID;
    }

  if (!is_element (root, PLR_LRS_SOAP_ENVELOPE_NS, "Envelope"))
    {
      *out_message = g_strdup (("the answer is not a SOAP 1.1 envelope"));
      return ENVELOPE_INVALID;
    }

  first = first_element (child_named (root, "Body"));
  if (is_element (first, PLR_LRS_SOAP_ENVELOPE_NS, "Fault"))
    {
      *out_code = dup_shown_text (child_named (first, "faultcode"));
      *out_message = dup_shown_text (child_named (first, "faultstring"));
      return ENVELOPE_FAULT;
    }

  if (!is_element (first, NULL, "GetLearnerLearningEventsResponse"))
    {
      *out_message = g_strdup (("the answer is not a GetLearnerLearningEvents response"));
      return ENVELOPE_INVALID;
    }

  result = child_named (first, "GetLearnerLearningEventsResult");
  code = child_named (result, "ResponseCode");
  if (code == NULL)
    {
      *out_message = g_strdup (("the answer has no response code"));
      return ENVELOPE_INVALID;
    }
  if (!is_element (code, PLR_LRS_MODEL_NS, "ResponseCode"))
    {
      *out_message = g_strdup_printf (("the answer is not in the LRS model namespace %s"),
                                      PLR_LRS_MODEL_NS);
      return ENVELOPE_INVALID;
    }

  *out_code = dup_shown_text (code);
  if (*out_code == NULL)
    {
      *out_message = g_strdup (("the answer has an empty response code"));
      return ENVELOPE_INVALID;
    }

  return ENVELOPE_RESULT;
}

/* Every response code but a record's, as a person can act on it. */
static gboolean
check_response_code (const char  *code,
                     GError     **error)
{
  if (strcmp (code, PLR_LRS_EXACT_MATCH) == 0 || strcmp (code, PLR_LRS_LINKED_LEARNER) == 0)
    return TRUE;

  if (strcmp (code, PLR_LRS_NO_MATCH) == 0)
    g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_NO_MATCH,
                 ("No match (%s): the LRS holds no learner with this ULN and these details. "
                   "Check the ULN, the names and the date of birth with the learner."),
                 code);
  else if (strcmp (code, PLR_LRS_TOO_MANY) == 0)
    g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_TOO_MANY_MATCHES,
                 ("Several matches (%s): more than one learner fits these details. Ask the "
                   "learner for more details (their gender, a previous family name) and try "
                   "again."),
                 code);
  else if (strcmp (code, PLR_LRS_POSSIBLE_MATCH) == 0)
    g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_POSSIBLE_MATCH,
                 ("Possible match only (%s): the LRS found a learner whose details do not "
                   "all agree, so it returned no record. Check the spelling of the names and "
                   "the date of birth with the learner."),
                 code);
  else if (strcmp (code, PLR_LRS_NOT_SHARED) == 0)
    g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_NOT_SHARED,
                 ("Opted out (%s): the learner chose not to share their learning record, so "
                   "the LRS returned none. The learner can still ask the LRS for a copy."),
                 code);
  else if (strcmp (code, PLR_LRS_NOT_VERIFIED) == 0)
    g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_NOT_VERIFIED,
                 ("Not verified (%s): the LRS has not verified this learner's ULN, so it "
                   "returned no record. The learner's details need checking with the LRS "
                   "first."),
                 code);
  else if (strcmp (code, PLR_LRS_INVALID_ULN) == 0)
    g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_INVALID_ULN,
                 ("Invalid ULN (%s): the LRS refused the ULN. Check it with the learner."),
                 code);
  else
    g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_UNKNOWN_RESPONSE,
                 ("The LRS answered with the response code “%s”, which Learning Record "
                   "does not know, and no record was fetched."),
                 code);

  return FALSE;
}

static PlrRecord *
record_from_response (SoupMessage  *message,
                      GBytes       *body,
                      GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;
  guint status = soup_message_get_status (message);
  EnvelopeKind kind;

  kind = read_envelope (body, &code, &text);
  g_debug ("LRS answered HTTP %u with %" G_GSIZE_FORMAT " bytes", status,
           g_bytes_get_size (body));

  if (kind == ENVELOPE_FAULT)
    {
      /* A SOAP 1.1 fault comes with HTTP 500; its own words say more. */
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_FAULT,
                   ("The LRS refused the request (SOAP fault %s): “%s”. Check the UKPRN, "
                     "username, password and vendor ID in the LRS configuration."),
                   code ? code : "?", text ? text : ("no reason given"));
      return NULL;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_HTTP,
                   ("The LRS answered with an HTTP error: %u %s"), status,
                   soup_message_get_reason_phrase (message));
      return NULL;
    }

  if (kind == ENVELOPE_INVALID)
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_BAD_RESPONSE,
                   ("The LRS's answer could not be used: %s"), text);
      return NULL;
    }

  g_debug ("LRS response code %s", code);
  if (!check_response_code (code, error))
    return NULL;

  record = plr_lrs_xml_read (body, NULL, &local_error);
  if (record == NULL)
    {
      g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_BAD_RESPONSE,
                   ("The LRS's answer could not be read: %s"), local_error->message);
      return NULL;
    }

  now = g_date_time_new_now_utc ();
  plr_record_set_fetched_at (record, now);
  g_debug ("Fetched %u learning events%s", plr_record_get_n_events (record),
           plr_record_get_incoming_uln (record) != NULL ? " of a linked learner" : "");

  return g_steal_pointer (&record);
}

static void
set_transport_error (GError  *local_error,
                     GError **error)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (local_error));
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error_literal (error, PLR_LRS_ERROR, PLR_LRS_ERROR_TIMEOUT,
                         ("The LRS did not answer in time. Try again later; if it keeps "
                           "happening, raise the timeout in the LRS configuration."));
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_BAD_RESPONSE,
                 ("The LRS's answer was cut short: %s"), local_error->message);
  else
    g_set_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_NETWORK,
                 ("Could not reach the LRS: %s"), local_error->message);
}

/* ------------------------------------------------------------------ */
/* Fetching                                                             */

/**
 * plr_lrs_client_fetch:
 * @self: a #PlrLrsClient
 * @query: who to fetch
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Asks the LRS for the learner's learning events and blocks until it
 * answers or the timeout passes. For the command line and worker threads;
 * the main loop uses plr_lrs_client_fetch_async().
 *
 * An exact match (WSRC0004) or a linked learner (WSRC0022) gives a record
 * whose fetched-at time is now. For a linked learner the record holds the
 * found ULN, its incoming ULN is the one asked for, and that ULN is in the
 * learner's LinkedULNs. Every other answer is a #PlrLrsError of its own.
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
PlrRecord *
plr_lrs_client_fetch (PlrLrsClient       *self,
                      const PlrLrsQuery  *query,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PLR_IS_LRS_CLIENT (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  session = new_session (self);
  message = build_message (self, query);
  body = soup_session_send_and_read (session, message, cancellable, &local_error);
  if (body == NULL)
    {
      set_transport_error (local_error, error);
      return NULL;
    }

  return record_from_response (message, body, error);
}

typedef struct
{
  SoupSession *session;
  SoupMessage *message;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->message);
  g_clear_object (&data->session);
  g_free (data);
}

static void
on_send_and_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) error = NULL;
  PlrRecord *record;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &local_error);
  if (body == NULL)
    {
      set_transport_error (local_error, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  record = record_from_response (data->message, body, &error);
  if (record == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, record, g_object_unref);
}

/**
 * plr_lrs_client_fetch_async:
 * @self: a #PlrLrsClient
 * @query: who to fetch
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the LRS has answered
 * @user_data: data for @callback
 *
 * As plr_lrs_client_fetch(), without blocking the thread-default main
 * context.
 */
void
plr_lrs_client_fetch_async (PlrLrsClient        *self,
                            const PlrLrsQuery   *query,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;

  g_return_if_fail (PLR_IS_LRS_CLIENT (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_lrs_client_fetch_async);

  data = g_new0 (FetchData, 1);
  data->session = new_session (self);
  data->message = build_message (self, query);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  soup_session_send_and_read_async (data->session, data->message, G_PRIORITY_DEFAULT,
                                    cancellable, on_send_and_read_cb, g_steal_pointer (&task));
}

/**
 * plr_lrs_client_fetch_finish:
 * @self: a #PlrLrsClient
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
PlrRecord *
plr_lrs_client_fetch_finish (PlrLrsClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * plr_lrs_describe_outcome:
 * @record: a record fetched by plr_lrs_client_fetch()
 *
 * Says what the LRS found, for the person who asked: an exact match, or a
 * linked learner whose record was fetched under the ULN the LRS found.
 * Holds no ULN, so it can be printed and kept.
 *
 * Returns: (transfer full): the outcome in words
 */
char *
plr_lrs_describe_outcome (PlrRecord *record)
{
  guint n_events;

  g_return_val_if_fail (PLR_IS_RECORD (record), NULL);

  n_events = plr_record_get_n_events (record);

  if (plr_record_get_incoming_uln (record) != NULL)
    return g_strdup_printf ("Linked learner (%s): the LRS merged this learner's records under "
                            "another ULN. The record was fetched under the ULN the LRS found, "
                            "and the ULN asked for is kept in it as a linked ULN: tell the "
                            "learner both. %u learning event%s.",
                            PLR_LRS_LINKED_LEARNER, n_events, n_events == 1 ? "" : "s");

  return g_strdup_printf ("Exact match (%s): %u learning event%s.",
                          PLR_LRS_EXACT_MATCH, n_events, n_events == 1 ? "" : "s");
}

/* ------------------------------------------------------------------ */

const char *
plr_lrs_client_get_endpoint (PlrLrsClient *self)
{
  g_return_val_if_fail (PLR_IS_LRS_CLIENT (self), NULL);

  return self->endpoint;
}

guint
plr_lrs_client_get_timeout (PlrLrsClient *self)
{
  g_return_val_if_fail (PLR_IS_LRS_CLIENT (self), 0);

  return self->timeout;
}

/**
 * plr_lrs_client_get_max_age:
 * @self: a #PlrLrsClient
 *
 * Returns: how old, in seconds, a fetched record may grow before the
 *   gateway fetches it again
 */
guint
plr_lrs_client_get_max_age (PlrLrsClient *self)
{
  g_return_val_if_fail (PLR_IS_LRS_CLIENT (self), 0);

  return self->max_age;
}

static void
plr_lrs_client_finalize (GObject *object)
{
  PlrLrsClient *self = (PlrLrsClient *) object;

  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));

  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->ukprn, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->vendor_id, g_free);
  g_clear_object (&self->client_certificate);

  G_OBJECT_CLASS (plr_lrs_client_parent_class)->finalize (object);
}

static void
plr_lrs_client_class_init (PlrLrsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_lrs_client_finalize;
}

static void
plr_lrs_client_init (PlrLrsClient *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->max_age = DEFAULT_MAX_AGE;
}
