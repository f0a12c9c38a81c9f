/* plr-field-row.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLR_TYPE_FIELD_ROW (plr_field_row_get_type ())

G_DECLARE_FINAL_TYPE (PlrFieldRow, plr_field_row, PLR, FIELD_ROW, AdwPreferencesRow)

GtkWidget  *plr_field_row_new             (const char  *title,
                                           const char  *value,
                                           const char  *explanation);
const char *plr_field_row_get_value       (PlrFieldRow *self);
void        plr_field_row_set_value       (PlrFieldRow *self,
                                           const char  *value);
const char *plr_field_row_get_explanation (PlrFieldRow *self);
void        plr_field_row_set_explanation (PlrFieldRow *self,
                                           const char  *explanation);
void        plr_field_row_set_icon_name   (PlrFieldRow *self,
                                           const char  *icon_name);
void        plr_field_row_add_suffix      (PlrFieldRow *self,
                                           GtkWidget   *widget);

G_END_DECLS
