/* plr-view.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "plr-record.h"

G_BEGIN_DECLS

#define PLR_VIEW_ERROR (plr_view_error_quark ())

typedef enum
{
  PLR_VIEW_ERROR_NOT_A_VIEW,           /* not JSON, or not a view definition */
  PLR_VIEW_ERROR_UNSUPPORTED_VERSION,
  PLR_VIEW_ERROR_INVALID,              /* a member is wrong: the message names its path */
  PLR_VIEW_ERROR_ENTRIES_GONE,         /* entries picked by ID are no longer in the record */
} PlrViewError;

#define PLR_VIEW_DEFINITION_FORMAT_NAME    "io.github.learningrecord.view-definition"
#define PLR_VIEW_DEFINITION_FORMAT_VERSION 1

/* How the entries are ordered in every output. The award date orders them;
 * entries with no award date come last. */
typedef enum
{
  PLR_VIEW_ORDER_NEWEST_FIRST,
  PLR_VIEW_ORDER_OLDEST_FIRST,
  PLR_VIEW_ORDER_BY_LEVEL,     /* highest level first, newest first within a level */
} PlrViewOrder;

typedef enum
{
  PLR_VIEW_PRESET_JOB_APPLICATION,
  PLR_VIEW_PRESET_COLLEGE_APPLICATION,
  PLR_VIEW_PRESET_ONE_QUALIFICATION,
} PlrViewPreset;

/* Level ordinals, as plr_view_parse_level() gives them (docs/view-format.md). */
#define PLR_VIEW_LEVEL_NONE  (-1)
#define PLR_VIEW_LEVEL_ENTRY 0
#define PLR_VIEW_LEVEL_MAX   8

/* An awarded-since rule of 0 means "any year". */
#define PLR_VIEW_ANY_YEAR 0

typedef enum
{
  PLR_VIEW_CHANGE_ADDED,    /* newly covered: a new entry, or one the rule now matches */
  PLR_VIEW_CHANGE_REMOVED,  /* no longer covered */
  PLR_VIEW_CHANGE_CHANGED,  /* still covered, and a chosen field changed */
} PlrViewChangeKind;

typedef struct
{
  gint64            id;      /* the LRS ID of the entry */
  PlrViewChangeKind kind;
  guint64           fields;  /* for CHANGED: the chosen fields that changed, bit N = field N */
} PlrViewChange;

#define PLR_TYPE_VIEW_ORDER  (plr_view_order_get_type ())
#define PLR_TYPE_VIEW_PRESET (plr_view_preset_get_type ())

GType plr_view_order_get_type  (void) G_GNUC_CONST;
GType plr_view_preset_get_type (void) G_GNUC_CONST;

#define PLR_TYPE_VIEW (plr_view_get_type ())

G_DECLARE_FINAL_TYPE (PlrView, plr_view, PLR, VIEW, GObject)

/* The filtered result of applying a view; see plr-view-result.h. */
typedef struct _PlrViewResult PlrViewResult;

GQuark         plr_view_error_quark              (void);

PlrView       *plr_view_new                      (void);
PlrView       *plr_view_new_preset               (PlrViewPreset   preset);
PlrView       *plr_view_copy                     (PlrView        *self);

const char    *plr_view_get_name                 (PlrView        *self);
void           plr_view_set_name                 (PlrView        *self,
                                                  const char     *name);
const char    *plr_view_get_recipient            (PlrView        *self);
void           plr_view_set_recipient            (PlrView        *self,
                                                  const char     *recipient);
const char    *plr_view_get_purpose              (PlrView        *self);
void           plr_view_set_purpose              (PlrView        *self,
                                                  const char     *purpose);

/* Which entries: picked one by one, and/or by a rule. */
void           plr_view_pick_entry               (PlrView        *self,
                                                  gint64          lrs_id);
void           plr_view_unpick_entry             (PlrView        *self,
                                                  gint64          lrs_id);
void           plr_view_clear_entries            (PlrView        *self);
const gint64  *plr_view_get_picked_entries       (PlrView        *self,
                                                  guint          *n_entries);
const gint64  *plr_view_get_excluded_entries     (PlrView        *self,
                                                  guint          *n_entries);
gboolean       plr_view_get_use_rule             (PlrView        *self);
void           plr_view_set_use_rule             (PlrView        *self,
                                                  gboolean        use_rule);
const char * const *plr_view_get_qualification_types (PlrView    *self);
void           plr_view_set_qualification_types  (PlrView        *self,
                                                  const char * const *types);
int            plr_view_get_min_level            (PlrView        *self);
void           plr_view_set_min_level            (PlrView        *self,
                                                  int             level);
int            plr_view_get_awarded_since        (PlrView        *self);
void           plr_view_set_awarded_since        (PlrView        *self,
                                                  int             year);

/* Which fields. */
guint64        plr_view_get_event_fields         (PlrView        *self);
void           plr_view_set_event_fields         (PlrView        *self,
                                                  guint64         fields);
gboolean       plr_view_has_event_field          (PlrView        *self,
                                                  PlrEventField   field);
void           plr_view_set_event_field          (PlrView        *self,
                                                  PlrEventField   field,
                                                  gboolean        chosen);
guint64        plr_view_get_learner_fields       (PlrView        *self);
void           plr_view_set_learner_fields       (PlrView        *self,
                                                  guint64         fields);
gboolean       plr_view_has_learner_field        (PlrView        *self,
                                                  PlrLearnerField field);
void           plr_view_set_learner_field        (PlrView        *self,
                                                  PlrLearnerField field,
                                                  gboolean        chosen);

PlrViewOrder   plr_view_get_order                (PlrView        *self);
void           plr_view_set_order                (PlrView        *self,
                                                  PlrViewOrder    order);
gboolean       plr_view_get_mark_challenged      (PlrView        *self);
void           plr_view_set_mark_challenged      (PlrView        *self,
                                                  gboolean        mark_challenged);

/* Set by the share flow. */
const char    *plr_view_get_share_code           (PlrView        *self);
void           plr_view_set_share_code           (PlrView        *self,
                                                  const char     *share_code);
GDateTime     *plr_view_get_share_expires_at     (PlrView        *self);
void           plr_view_set_share_expires_at     (PlrView        *self,
                                                  GDateTime      *expires_at);

/* Against a record. */
gboolean       plr_view_covers_event             (PlrView          *self,
                                                  PlrLearningEvent *event);
GPtrArray     *plr_view_select_events            (PlrView        *self,
                                                  PlrRecord      *record);
GArray        *plr_view_list_missing_entries     (PlrView        *self,
                                                  PlrRecord      *record);
GArray        *plr_view_list_changes             (PlrView        *self,
                                                  PlrRecord      *old_record,
                                                  PlrRecord      *new_record,
                                                  guint64        *learner_fields);

/* The definition, for saving. */
JsonNode      *plr_view_to_json_node             (PlrView        *self);
GBytes        *plr_view_to_json                  (PlrView        *self);
PlrView       *plr_view_new_from_json_node       (JsonNode       *root,
                                                  GError        **error);
PlrView       *plr_view_new_from_json            (GBytes         *bytes,
                                                  GError        **error);

int            plr_view_parse_level              (const char     *level);

#define PLR_VIEW_FIELD_BIT(field) (G_GUINT64_CONSTANT (1) << (field))

G_END_DECLS
