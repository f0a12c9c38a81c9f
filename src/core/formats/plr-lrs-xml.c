/* plr-lrs-xml.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-lrs-xml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "plr-lrs-xml.h"

/* The LRS XML form (shared/domain.md): the SOAP response of
 * GetLearnerLearningEvents, or the result element on its own, as providers
 * hand it to learners.
 *
 *   Envelope / Body / GetLearnerLearningEventsResponse /
 *     GetLearnerLearningEventsResult
 *       ResponseCode, IncomingULN, FoundULN,
 *       LearnerRecord / LearningEvent* / one element per field
 *
 * Elements are matched by local name only, in any order and with or without
 * namespaces, because files seen in the wild differ in both. Unknown
 * elements are skipped: the LRS may add fields.
 *
 * The file comes from outside, so it is read defensively: a document type
 * or any entity is refused before and during parsing (no billion laughs, no
 * external entities), libxml2 never loads a DTD or touches the network,
 * nesting and size are bounded by the #PlrRecordLimits, and every value
 * goes through plr_field_normalize(), the validator every input shares.
 */

#define RESULT_ELEMENT   "GetLearnerLearningEventsResult"
#define RESPONSE_ELEMENT "GetLearnerLearningEventsResponse"

/* Only libxml2's default safe options: no XML_PARSE_NOENT (entities stay
 * unexpanded), no XML_PARSE_DTDLOAD / DTDATTR / DTDVALID, no XML_PARSE_HUGE
 * (keeps libxml2's own depth and size limits). Errors are captured per
 * parser context, so nothing is printed. */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

typedef struct
{
  guint    depth;
  guint    max_depth;
  gboolean unsafe;
  gboolean too_deep;
  char    *first_error;
} ParseState;

static void
parse_state_clear (ParseState *state)
{
  g_clear_pointer (&state->first_error, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParseState, parse_state_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static gboolean G_GNUC_PRINTF (5, 6)
set_path_error (GError     **error,
                const char  *path,
                const char  *member,
                int          code,
                const char  *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (path != NULL && member != NULL)
    g_set_error (error, PLR_RECORD_ERROR, code, "%s.%s: %s", path, member, message);
  else
    g_set_error (error, PLR_RECORD_ERROR, code, "%s: %s", path ? path : member, message);

  return FALSE;
}

static void
set_unsafe_error (GError **error)
{
  g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_UNSAFE,
                       _("The file declares a document type or entities, which a learning "
                         "record never needs; it was not read for safety"));
}

static gboolean
contains_bytes (const char *data,
                gsize       length,
                const char *needle)
{
  gsize needle_length = strlen (needle);

  if (length < needle_length)
    return FALSE;

  for (gsize i = 0; i <= length - needle_length; i++)
    {
      if (data[i] == needle[0] && memcmp (data + i, needle, needle_length) == 0)
        return TRUE;
    }

  return FALSE;
}

/* SAX hooks. The parser context's user data is the context itself, and
 * its _private member is our ParseState. */

static ParseState *
get_state (void *ctx)
{
  return ((xmlParserCtxtPtr) ctx)->_private;
}

static void
stop_unsafe (void *ctx)
{
  get_state (ctx)->unsafe = TRUE;
  xmlStopParser (ctx);
}

/* Called as soon as <!DOCTYPE ...> has been read, before its internal
 * subset: stopping here means no entity is ever declared. This catches
 * what the byte scan cannot see, such as a UTF-16 document. */
static void
on_internal_subset (void          *ctx,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  stop_unsafe (ctx);
}

static void
on_entity_decl (void          *ctx,
                const xmlChar *name,
                int            type,
                const xmlChar *public_id,
                const xmlChar *system_id,
                xmlChar       *content)
{
  stop_unsafe (ctx);
}

/* Only asked for entities other than the five predefined ones. */
static xmlEntityPtr
on_get_entity (void          *ctx,
               const xmlChar *name)
{
  stop_unsafe (ctx);
  return NULL;
}

static void
on_reference (void          *ctx,
              const xmlChar *name)
{
  stop_unsafe (ctx);
}

static void
on_start_element_ns (void           *ctx,
                     const xmlChar  *localname,
                     const xmlChar  *prefix,
                     const xmlChar  *uri,
                     int             nb_namespaces,
                     const xmlChar **namespaces,
                     int             nb_attributes,
                     int             nb_defaulted,
                     const xmlChar **attributes)
{
  ParseState *state = get_state (ctx);

  if (++state->depth > state->max_depth)
    {
      state->too_deep = TRUE;
      xmlStopParser (ctx);
      return;
    }

  xmlSAX2StartElementNs (ctx, localname, prefix, uri, nb_namespaces, namespaces,
                         nb_attributes, nb_defaulted, attributes);
}

static void
on_end_element_ns (void          *ctx,
                   const xmlChar *localname,
                   const xmlChar *prefix,
                   const xmlChar *uri)
{
  ParseState *state = get_state (ctx);

  if (state->depth > 0)
    state->depth--;

  xmlSAX2EndElementNs (ctx, localname, prefix, uri);
}

static void
on_structured_error (void        *ctx,
                     xmlErrorPtr  xml_error)
{
  ParseState *state = get_state (ctx);

  switch (xml_error->code)
    {
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
    case XML_ERR_ENTITY_LOOP:
    case XML_ERR_ENTITY_IS_EXTERNAL:
    case XML_ERR_ENTITY_IS_PARAMETER:
    case XML_ERR_ENTITY_PE_INTERNAL:
    case XML_ERR_ENTITYREF_IN_DTD:
    case XML_ERR_ENTITYREF_IN_PROLOG:
    case XML_ERR_ENTITYREF_IN_EPILOG:
      state->unsafe = TRUE;
      break;
    default:
      break;
    }

  if (xml_error->level == XML_ERR_FATAL && state->first_error == NULL)
    {
      g_autofree char *message = g_strstrip (g_strdup (xml_error->message ? xml_error->message
                                                                          : ""));

      state->first_error = g_strdup_printf (_("line %d: %s"), xml_error->line, message);
    }
}

/* Refuses any node that only a document type or an entity can produce. */
static gboolean
tree_is_safe (xmlDoc *doc)
{
  xmlNode *root = (xmlNode *) doc;
  xmlNode *node = root;

  if (doc->intSubset != NULL || doc->extSubset != NULL)
    return FALSE;

  while (node != NULL)
    {
      switch (node->type)
        {
        case XML_DTD_NODE:
        case XML_ENTITY_REF_NODE:
        case XML_ENTITY_NODE:
        case XML_ENTITY_DECL:
        case XML_ELEMENT_DECL:
        case XML_ATTRIBUTE_DECL:
        case XML_NOTATION_NODE:
        case XML_XINCLUDE_START:
        case XML_XINCLUDE_END:
          return FALSE;
        default:
          break;
        }

      if (node->children != NULL &&
          (node->type == XML_ELEMENT_NODE || node->type == XML_DOCUMENT_NODE))
        {
          node = node->children;
          continue;
        }

      while (node != root && node->next == NULL)
        node = node->parent;
      if (node == root)
        break;
      node = node->next;
    }

  return TRUE;
}

static xmlDoc *
parse_document (const char             *data,
                gsize                   length,
                const PlrRecordLimits  *limits,
                GError                **error)
{
  g_autoptr(xmlParserCtxt) ctxt = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_auto(ParseState) state = { 0, };

  xmlInitParser ();

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE,
                           _("There is not enough memory to read the file"));
      return NULL;
    }

  state.max_depth = limits->max_depth;
  ctxt->_private = &state;

  /* Per context, so other threads and other users of libxml2 are untouched. */
  ctxt->sax->serror = on_structured_error;
  ctxt->sax->internalSubset = on_internal_subset;
  ctxt->sax->externalSubset = on_internal_subset;
  ctxt->sax->entityDecl = on_entity_decl;
  ctxt->sax->unparsedEntityDecl = NULL;
  ctxt->sax->getEntity = on_get_entity;
  ctxt->sax->getParameterEntity = on_get_entity;
  ctxt->sax->reference = on_reference;
  ctxt->sax->startElementNs = on_start_element_ns;
  ctxt->sax->endElementNs = on_end_element_ns;

  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL, PARSE_OPTIONS);

  /* A stopped parser may still hand back a partial tree: check the flags
   * first, whatever it returned. */
  if (state.unsafe || (doc != NULL && !tree_is_safe (doc)))
    {
      set_unsafe_error (error);
      return NULL;
    }

  if (state.too_deep)
    {
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE,
                   _("The file is nested more than %u levels deep"), limits->max_depth);
      return NULL;
    }

  if (doc == NULL || !ctxt->wellFormed)
    {
      const char *detail = state.first_error;

      if (detail == NULL)
        {
          xmlErrorPtr last = xmlCtxtGetLastError (ctxt);
          detail = last && last->message ? last->message : _("unknown error");
        }

      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                   _("This file is not well-formed XML (%s)"), detail);
      return NULL;
    }

  if (xmlDocGetRootElement (doc) == NULL)
    {
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                           _("This XML file has no content"));
      return NULL;
    }

  return g_steal_pointer (&doc);
}

/* The name without any prefix, so "a:ID" in a file that uses a prefix
 * without declaring it still matches "ID". */
static const char *
local_name (xmlNode *node)
{
  const char *name = (const char *) node->name;
  const char *colon = strrchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp (local_name (node), name) == 0;
}

/* The node after @node in document order, staying within @root's subtree. */
static xmlNode *
next_in_subtree (xmlNode *root,
                 xmlNode *node)
{
  if (node->type == XML_ELEMENT_NODE && node->children != NULL)
    return node->children;

  while (node != root && node->next == NULL)
    node = node->parent;
  return node == root ? NULL : node->next;
}

/* The first element called @name at or below @root, in document order. */
static xmlNode *
find_element (xmlNode    *root,
              const char *name)
{
  for (xmlNode *node = root; node != NULL; node = next_in_subtree (root, node))
    if (is_element (node, name))
      return node;

  return NULL;
}

/* xsi:nil="true", or any attribute called nil: files without namespaces
 * write it bare. */
static gboolean
is_nil (xmlNode *element)
{
  for (xmlAttr *attr = element->properties; attr != NULL; attr = attr->next)
    {
      const char *name = (const char *) attr->name;
      const char *colon = strrchr (name, ':');
      g_autofree char *value = NULL;
      xmlChar *raw;

      if (strcmp (colon != NULL ? colon + 1 : name, "nil") != 0)
        continue;

      raw = xmlNodeListGetString (element->doc, attr->children, 1);
      value = g_strstrip (g_strdup (raw ? (const char *) raw : ""));
      xmlFree (raw);

      if (strcmp (value, "true") == 0 || strcmp (value, "1") == 0)
        return TRUE;
    }

  return FALSE;
}

/* The text of an element that holds a value, trimmed; %NULL when the
 * element is empty or nil. */
static gboolean
read_text (xmlNode     *element,
           const char  *path,
           const char  *member,
           char       **out_text,
           GError     **error)
{
  g_autoptr(GString) text = NULL;

  *out_text = NULL;

  if (is_nil (element))
    return TRUE;

  text = g_string_new (NULL);
  for (xmlNode *child = element->children; child != NULL; child = child->next)
    {
      switch (child->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (child->content != NULL)
            g_string_append (text, (const char *) child->content);
          break;
        case XML_ELEMENT_NODE:
          return set_path_error (error, path, member, PLR_RECORD_ERROR_INVALID,
                                 _("expected text, found the element “%s”"),
                                 local_name (child));
        default:
          /* comments and processing instructions */
          break;
        }
    }

  g_strstrip (text->str);
  text->len = strlen (text->str);
  if (text->len > 0)
    *out_text = g_string_free (g_steal_pointer (&text), FALSE);

  return TRUE;
}

/* A table of fields (the learner's or an event's) as the reader needs it. */
typedef struct
{
  guint                n_fields;
  const PlrFieldInfo *(*info) (guint field);
  int                 (*from_name) (const char *name);
  void                (*set_value) (gpointer object, guint field, const char *value);
  gboolean             check_required;
} FieldTable;

static const PlrFieldInfo *
event_info (guint field)
{
  return plr_event_field_info ((PlrEventField) field);
}

static void
event_set_value (gpointer    object,
                 guint       field,
                 const char *value)
{
  plr_learning_event_set_value (object, (PlrEventField) field, value);
}

static const PlrFieldInfo *
learner_info (guint field)
{
  return plr_learner_field_info ((PlrLearnerField) field);
}

static void
learner_set_value (gpointer    object,
                   guint       field,
                   const char *value)
{
  plr_learner_set_value (object, (PlrLearnerField) field, value);
}

static const FieldTable event_table = {
  PLR_EVENT_N_FIELDS, event_info, plr_event_field_from_name, event_set_value, TRUE,
};

/* The ULN usually comes from FoundULN, so the learner's required fields are
 * checked by the caller. */
static const FieldTable learner_table = {
  PLR_LEARNER_N_FIELDS, learner_info, plr_learner_field_from_name, learner_set_value, FALSE,
};

/* Reads the child elements of @element named after fields of @table into
 * @object. Other children are skipped. */
static gboolean
read_fields (xmlNode          *element,
             const char       *path,
             const FieldTable *table,
             gpointer          object,
             GError          **error)
{
  guint64 seen = 0;
  guint64 filled = 0;

  G_STATIC_ASSERT (PLR_LEARNER_N_FIELDS <= 64 && PLR_EVENT_N_FIELDS <= 64);

  for (xmlNode *child = element->children; child != NULL; child = child->next)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *value = NULL;
      const PlrFieldInfo *info;
      const char *name;
      int field;

      if (child->type != XML_ELEMENT_NODE)
        continue;

      name = local_name (child);
      field = table->from_name (name);

      /* Only the LRS names: our snake_case names belong to the JSON form. */
      if (field < 0 || strcmp (table->info (field)->lrs_name, name) != 0)
        continue;

      info = table->info (field);

      if (seen & (G_GUINT64_CONSTANT (1) << field))
        return set_path_error (error, path, info->lrs_name, PLR_RECORD_ERROR_INVALID,
                               _("appears more than once"));
      seen |= G_GUINT64_CONSTANT (1) << field;

      if (!read_text (child, path, info->lrs_name, &text, error))
        return FALSE;

      value = plr_field_normalize (info, text, &local_error);
      if (local_error != NULL)
        return set_path_error (error, path, info->lrs_name, local_error->code, "%s",
                               local_error->message);

      if (value != NULL)
        filled |= G_GUINT64_CONSTANT (1) << field;
      table->set_value (object, field, value);
    }

  if (table->check_required)
    {
      for (guint i = 0; i < table->n_fields; i++)
        {
          const PlrFieldInfo *info = table->info (i);

          if (info->required && !(filled & (G_GUINT64_CONSTANT (1) << i)))
            return set_path_error (error, path, info->lrs_name, PLR_RECORD_ERROR_INVALID,
                                   _("required but missing"));
        }
    }

  return TRUE;
}

/* The parts of the result element, each found by local name. */
typedef struct
{
  xmlNode *response_code;
  xmlNode *incoming_uln;
  xmlNode *found_uln;
  xmlNode *learner_record;
  xmlNode *learner;
} ResultParts;

static xmlNode **
part_slot (ResultParts *parts,
           const char  *name)
{
  if (strcmp (name, "ResponseCode") == 0)
    return &parts->response_code;
  if (strcmp (name, "IncomingULN") == 0)
    return &parts->incoming_uln;
  if (strcmp (name, "FoundULN") == 0)
    return &parts->found_uln;
  if (strcmp (name, "LearnerRecord") == 0)
    return &parts->learner_record;
  if (strcmp (name, "Learner") == 0)
    return &parts->learner;
  return NULL;
}

static gboolean
find_parts (xmlNode      *result,
            ResultParts  *parts,
            GError      **error)
{
  memset (parts, 0, sizeof *parts);

  for (xmlNode *child = result->children; child != NULL; child = child->next)
    {
      const char *name;
      xmlNode **slot;

      if (child->type != XML_ELEMENT_NODE)
        continue;

      name = local_name (child);
      slot = part_slot (parts, name);
      if (slot == NULL)
        continue;

      if (*slot != NULL)
        return set_path_error (error, name, NULL, PLR_RECORD_ERROR_INVALID,
                               _("appears more than once"));
      *slot = child;
    }

  return TRUE;
}

static gboolean
read_optional_text (xmlNode     *element,
                    const char  *name,
                    char       **out_text,
                    GError     **error)
{
  *out_text = NULL;

  if (element == NULL)
    return TRUE;

  return read_text (element, name, NULL, out_text, error);
}

/* A ULN of the response envelope, FoundULN or IncomingULN. */
static char *
read_uln (const char  *text,
          const char  *name,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *uln;

  if (text == NULL)
    {
      set_path_error (error, name, NULL, PLR_RECORD_ERROR_INVALID_ULN,
                      _("required but missing"));
      return NULL;
    }

  uln = plr_field_normalize (plr_learner_field_info (PLR_LEARNER_FIELD_ULN), text,
                             &local_error);
  if (uln == NULL)
    set_path_error (error, name, NULL, PLR_RECORD_ERROR_INVALID_ULN, "%s",
                    local_error ? local_error->message : _("required but missing"));

  return uln;
}

/* Response codes are short capitals and digits; anything else is not
 * repeated back in a message. */
static gboolean
is_printable_code (const char *code)
{
  gsize i;

  for (i = 0; code[i] != '\0'; i++)
    {
      if (i >= 16 || !g_ascii_isalnum (code[i]))
        return FALSE;
    }

  return i > 0;
}

/* Turns every response code but a match into an error that says what
 * happened and that nothing was imported. */
static gboolean
check_response_code (const char  *code,
                     const char  *found_uln,
                     gboolean    *linked,
                     GError     **error)
{
  *linked = FALSE;

  if (code == NULL)
    {
      /* Some hand-made files drop the code; a found learner is enough. */
      if (found_uln != NULL)
        return TRUE;

      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                           _("This XML file has neither a response code nor a learner's "
                             "ULN, so it is not an LRS learning events response"));
      return FALSE;
    }

  if (strcmp (code, PLR_LRS_EXACT_MATCH) == 0)
    return TRUE;

  if (strcmp (code, PLR_LRS_LINKED_LEARNER) == 0)
    {
      *linked = TRUE;
      return TRUE;
    }

  if (strcmp (code, PLR_LRS_NOT_SHARED) == 0)
    g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_SHARED,
                 _("The learner has opted not to share their learning events, so the LRS "
                   "returned none (%s). Nothing was imported. A copy of the record can "
                   "still be requested from the Learning Records Service."),
                 code);
  else if (strcmp (code, PLR_LRS_NOT_VERIFIED) == 0)
    g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_VERIFIED,
                 _("The LRS could not verify the learner, so it returned no learning "
                   "events (%s). Nothing was imported. Check the ULN and the personal "
                   "details the request was made with."),
                 code);
  else if (strcmp (code, PLR_LRS_NO_MATCH) == 0)
    g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NO_MATCH,
                 _("The LRS found no learner matching the request (%s). Nothing was "
                   "imported. Check the ULN the request was made with."),
                 code);
  else if (strcmp (code, PLR_LRS_INVALID_ULN) == 0)
    g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_REJECTED_ULN,
                 _("The LRS rejected the ULN of the request as invalid (%s). Nothing was "
                   "imported. Check the ULN: it has 10 digits."),
                 code);
  else if (is_printable_code (code))
    g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_UNKNOWN_RESPONSE,
                 _("The LRS answered with the response code %s, which Learning Record "
                   "does not know. Nothing was imported."),
                 code);
  else
    g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_UNKNOWN_RESPONSE,
                         _("The LRS answered with a response code that Learning Record "
                           "does not know. Nothing was imported."));

  return FALSE;
}

/* Adds @uln to the learner's LinkedULNs unless it is there already. */
static gboolean
add_linked_uln (PlrLearner  *learner,
                const char  *uln,
                GError     **error)
{
  const char *linked = plr_learner_get_value (learner, PLR_LEARNER_FIELD_LINKED_ULNS);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *canonical = NULL;

  if (linked != NULL)
    {
      g_auto(GStrv) ulns = g_strsplit (linked, ",", -1);

      if (g_strv_contains ((const char * const *) ulns, uln))
        return TRUE;
      joined = g_strconcat (linked, ",", uln, NULL);
    }
  else
    joined = g_strdup (uln);

  canonical = plr_field_normalize (plr_learner_field_info (PLR_LEARNER_FIELD_LINKED_ULNS),
                                   joined, &local_error);
  if (canonical == NULL)
    return set_path_error (error, "Learner", "LinkedULNs",
                           local_error ? local_error->code : PLR_RECORD_ERROR_INVALID, "%s",
                           local_error ? local_error->message : _("required but missing"));

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_LINKED_ULNS, canonical);
  return TRUE;
}

static PlrLearner *
read_learner (xmlNode     *element,
              const char  *found_uln,
              GError     **error)
{
  g_autoptr(PlrLearner) learner = plr_learner_new ();

  /* Our own extension, not part of the LRS response: files that providers
   * prepare may carry a <Learner> element inside the result with learner
   * fields under their LRS names (GivenName, FamilyName, DateOfBirth, ...).
   * The LRS itself only returns FoundULN and IncomingULN. */
  if (element != NULL)
    {
      const char *uln;

      if (!read_fields (element, "Learner", &learner_table, learner, error))
        return NULL;

      uln = plr_learner_get_uln (learner);
      if (uln != NULL && strcmp (uln, found_uln) != 0)
        {
          set_path_error (error, "Learner", "ULN", PLR_RECORD_ERROR_INVALID_ULN,
                          _("differs from FoundULN"));
          return NULL;
        }
    }

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ULN, found_uln);

  return g_steal_pointer (&learner);
}

static GPtrArray *
read_events (xmlNode                *learner_record,
             const PlrRecordLimits  *limits,
             GError                **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_events = 0;
  guint index = 0;

  if (learner_record == NULL || is_nil (learner_record))
    return g_steal_pointer (&events);

  for (xmlNode *child = learner_record->children; child != NULL; child = child->next)
    {
      if (is_element (child, "LearningEvent") && ++n_events > limits->max_events)
        {
          g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE,
                       _("LearnerRecord: more than %u learning events"), limits->max_events);
          return NULL;
        }
    }

  for (xmlNode *child = learner_record->children; child != NULL; child = child->next)
    {
      g_autoptr(PlrLearningEvent) event = NULL;
      char path[48];

      if (!is_element (child, "LearningEvent"))
        continue;

      g_snprintf (path, sizeof path, "LearningEvent[%u]", index++);
      event = plr_learning_event_new ();
      if (!read_fields (child, path, &event_table, event, error))
        return NULL;

      g_ptr_array_add (events, g_steal_pointer (&event));
    }

  if (!plr_record_check_event_ids (events, "LearningEvent[%u]", error))
    return NULL;

  return g_steal_pointer (&events);
}

/* A SOAP fault instead of a result: say so, with the fault's own words. */
static void
set_not_a_response_error (xmlNode  *root,
                          GError  **error)
{
  xmlNode *fault = find_element (root, "Fault");
  xmlNode *fault_string = fault ? find_element (fault, "faultstring") : NULL;
  g_autofree char *text = NULL;

  if (fault_string != NULL)
    read_text (fault_string, "faultstring", NULL, &text, NULL);

  if (text != NULL)
    {
      g_autofree char *shown = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 200));

      for (char *p = shown; *p != '\0'; p++)
        if ((guchar) *p < 0x20)
          *p = ' ';

      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                   _("This XML file is an error from the LRS, not learning events: “%s”"),
                   shown);
    }
  else if (fault != NULL)
    g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                         _("This XML file is an error from the LRS, not learning events"));
  else
    g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                         _("This XML file is not an LRS learning events response"));
}

#define SOAP_ENVELOPE_NS "http://schemas.xmlsoap.org/soap/envelope/"

/* The response and result elements are in the service's namespace. The
 * LRS's own SOAP action, http://tempuri.org/ILearnerServiceR9/…, is a WCF
 * service's default namespace, which its response elements are in too;
 * the files providers have handed out use the LRS's API namespace. Both
 * are the LRS's; no other is. */
static const char * const lrs_service_namespaces[] = {
  "http://api.lrs.qcf.gov.uk/",
  "http://tempuri.org/",
};

static gboolean
in_namespace (xmlNode    *node,
              const char *href)
{
  return node->ns != NULL && node->ns->href != NULL &&
         strcmp ((const char *) node->ns->href, href) == 0;
}

static gboolean
in_lrs_service_namespace (xmlNode *node)
{
  for (guint i = 0; i < G_N_ELEMENTS (lrs_service_namespaces); i++)
    if (in_namespace (node, lrs_service_namespaces[i]))
      return TRUE;
  return FALSE;
}

/* The element children of @parent called @name: how many, and the first. */
static xmlNode *
child_element (xmlNode    *parent,
               const char *name,
               guint      *n_found)
{
  xmlNode *first = NULL;

  *n_found = 0;
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (is_element (child, name) && (*n_found)++ == 0)
      first = child;
  return first;
}

/* How many elements called @name there are at or below @root, nested
 * copies included. */
static guint
count_elements (xmlNode    *root,
                const char *name)
{
  guint n = 0;

  for (xmlNode *node = root; node != NULL; node = next_in_subtree (root, node))
    if (is_element (node, name))
      n++;

  return n;
}

static gboolean
set_structure_error (GError     **error,
                     const char  *what)
{
  g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
               _("This is not an LRS learning events response: %s. Only the "
                 "GetLearnerLearningEventsResult in Envelope/Body/"
                 "GetLearnerLearningEventsResponse is read."), what);
  return FALSE;
}

/* The result is read by the document's structure, never by searching for
 * it: a SOAP Header, a second Body or a copy nested in the result could
 * otherwise be read as the learner. A SOAP envelope must be SOAP 1.1 with
 * the LRS service's response in its one Body; a result or response on its
 * own, as providers hand files to learners, is read as it is. Either way
 * the document holds one result. */
static gboolean
locate_result (xmlNode  *root,
               xmlNode **out_result,
               GError  **error)
{
  xmlNode *response = NULL;
  xmlNode *result = NULL;
  guint n;

  *out_result = NULL;
  if (root == NULL)
    return set_structure_error (error, _("the document is empty"));

  if (count_elements (root, RESULT_ELEMENT) > 1)
    return set_structure_error (error, _("it holds more than one GetLearnerLearningEventsResult"));

  if (is_element (root, "Envelope"))
    {
      xmlNode *body;

      if (!in_namespace (root, SOAP_ENVELOPE_NS))
        return set_structure_error (error, _("the Envelope is not in the SOAP 1.1 namespace"));
      body = child_element (root, "Body", &n);
      if (n != 1)
        return set_structure_error (error, n == 0 ? _("the Envelope has no Body")
                                                  : _("the Envelope has more than one Body"));
      if (!in_namespace (body, SOAP_ENVELOPE_NS))
        return set_structure_error (error, _("the Body is not in the SOAP 1.1 namespace"));
      response = child_element (body, RESPONSE_ELEMENT, &n);
      if (n == 0)
        {
          set_not_a_response_error (body, error);
          return FALSE;
        }
      if (n > 1)
        return set_structure_error (error,
                                    _("the Body holds more than one GetLearnerLearningEventsResponse"));
      if (!in_lrs_service_namespace (response))
        return set_structure_error (error, _("the response is not in the LRS namespace"));
    }
  else if (is_element (root, RESPONSE_ELEMENT))
    response = root;
  else if (is_element (root, RESULT_ELEMENT))
    result = root;
  else
    {
      set_not_a_response_error (root, error);
      return FALSE;
    }

  if (response != NULL)
    {
      result = child_element (response, RESULT_ELEMENT, &n);
      if (result != NULL && response != root && !in_lrs_service_namespace (result))
        return set_structure_error (error, _("the result is not in the LRS namespace"));
      if (result == NULL)
        {
          /* A result elsewhere, with none where it belongs */
          if (count_elements (root, RESULT_ELEMENT) > 0)
            return set_structure_error (error, _("its GetLearnerLearningEventsResult is not in "
                                                 "the response"));
          result = response;
        }
    }

  *out_result = result;
  return TRUE;
}

/**
 * plr_lrs_xml_read:
 * @bytes: an LRS GetLearnerLearningEvents response, or its result element
 * @limits: (nullable): limits, or %NULL for the defaults
 * @error: return location for a #GError
 *
 * Reads a learner's learning events from the LRS XML form. An exact match
 * (WSRC0004) or a linked learner (WSRC0022) gives a record; for a linked
 * learner the learner's ULN is FoundULN, the record's incoming ULN is the
 * one asked for, and that ULN is added to the learner's LinkedULNs. Every
 * other response code is an error of its own (%PLR_RECORD_ERROR_NOT_SHARED,
 * %PLR_RECORD_ERROR_NOT_VERIFIED, ...), and nothing is imported.
 *
 * Documents with a document type or entities are refused with
 * %PLR_RECORD_ERROR_UNSAFE. Field errors name their path, as in
 * "LearningEvent[3].Grade: ...".
 *
 * The record's source is %PLR_RECORD_SOURCE_LRS_XML; its fetched-at time is
 * left for the caller to set.
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
PlrRecord *
plr_lrs_xml_read (GBytes                *bytes,
                  const PlrRecordLimits *limits,
                  GError               **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(PlrLearner) learner = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *response_code = NULL;
  g_autofree char *found_text = NULL;
  g_autofree char *incoming_text = NULL;
  g_autofree char *found_uln = NULL;
  g_autofree char *incoming_uln = NULL;
  ResultParts parts;
  xmlNode *root;
  xmlNode *result;
  const char *data;
  gsize length;
  gboolean linked;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limits == NULL)
    limits = plr_record_limits_default ();

  data = g_bytes_get_data (bytes, &length);

  if (length > limits->max_bytes || length > G_MAXINT)
    {
      g_autofree char *size = g_format_size (MIN (limits->max_bytes, (gsize) G_MAXINT));
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE,
                   _("The file is larger than %s"), size);
      return NULL;
    }

  if (length == 0)
    {
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                           _("The file is empty"));
      return NULL;
    }

  /* Cheaper and safer than parsing: a learning events response never has
   * a document type, so refuse one before the parser sees it. */
  if (contains_bytes (data, length, "<!DOCTYPE") || contains_bytes (data, length, "<!ENTITY"))
    {
      set_unsafe_error (error);
      return NULL;
    }

  doc = parse_document (data, length, limits, error);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (!locate_result (root, &result, error))
    return NULL;

  if (!find_parts (result, &parts, error))
    return NULL;

  if (!read_optional_text (parts.response_code, "ResponseCode", &response_code, error) ||
      !read_optional_text (parts.found_uln, "FoundULN", &found_text, error) ||
      !read_optional_text (parts.incoming_uln, "IncomingULN", &incoming_text, error))
    return NULL;

  if (!check_response_code (response_code, found_text, &linked, error))
    return NULL;

  found_uln = read_uln (found_text, "FoundULN", error);
  if (found_uln == NULL)
    return NULL;

  learner = read_learner (parts.learner, found_uln, error);
  if (learner == NULL)
    return NULL;

  if (linked)
    {
      incoming_uln = read_uln (incoming_text, "IncomingULN", error);
      if (incoming_uln == NULL)
        return NULL;

      if (strcmp (incoming_uln, found_uln) != 0 &&
          !add_linked_uln (learner, incoming_uln, error))
        return NULL;
    }

  events = read_events (parts.learner_record, limits, error);
  if (events == NULL)
    return NULL;

  g_debug ("Read %u learning events%s", events->len, linked ? " of a linked learner" : "");

  record = plr_record_new (learner);
  plr_record_set_source (record, PLR_RECORD_SOURCE_LRS_XML);
  if (incoming_uln != NULL && strcmp (incoming_uln, found_uln) != 0)
    plr_record_set_incoming_uln (record, incoming_uln);
  plr_record_take_events (record, g_steal_pointer (&events));

  return g_steal_pointer (&record);
}
