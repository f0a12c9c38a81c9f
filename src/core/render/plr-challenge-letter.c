/* plr-challenge-letter.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-challenge-letter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "plr-challenge-letter.h"
#include "plr-text.h"
#include "plr-evidence.h"
#include "plr-identifiers.h"
#include "plr-pdf.h"
#include "plr-view-result.h"

/* The paper route of a data challenge: a letter to the learning provider
 * (who raises the challenge in the LRS organisation portal) or to the LRS
 * service desk (for a learner enrolled nowhere), as plain text for an
 * email and as an A4 PDF to print. It says who the learner is (name, date
 * of birth, the ULN grouped for reading aloud), which entry or detail is
 * wrong, what it holds now and what it should hold, why, the learner's
 * details, the evidence enclosed with each file's SHA-256 (so the reader
 * can tell the files are the ones meant), the date, and when the answer is
 * due (one calendar month, Article 16 UK GDPR).
 *
 * The letter is first built as a list of blocks, on the calling thread,
 * from a snapshot of the challenge; the text and the PDF are two renderings
 * of the same blocks. Everything the learner or the record wrote is
 * treated as text: control characters are dropped, line breaks kept only
 * in the details, and Pango is given plain text, never markup. Text goes
 * through Pango, so Welsh (ŵ, ŷ, â) and any other script are shaped
 * properly; Cantarell is preferred and DejaVu Sans fills in, as in the
 * view PDF. */

#define TEXT_WIDTH 72

#define PAGE_WIDTH     PLR_PDF_PAGE_WIDTH
#define PAGE_HEIGHT    PLR_PDF_PAGE_HEIGHT
#define MARGIN_X       62.0     /* 22 mm */
#define MARGIN_TOP     64.0
#define CONTENT_BOTTOM (PAGE_HEIGHT - 72.0)
#define FOOTER_RULE_Y  (PAGE_HEIGHT - 54.0)
#define CONTENT_WIDTH  (PAGE_WIDTH - 2 * MARGIN_X)
#define LABEL_WIDTH    150.0
#define LABEL_GAP      10.0

#define FONT_FAMILY      "Cantarell, DejaVu Sans"
#define MONO_FONT_FAMILY "DejaVu Sans Mono, Monospace"

struct _PlrChallengeLetter
{
  GObject                      parent_instance;

  PlrChallenge                *challenge;
  PlrLearner                  *learner;
  GPtrArray                   *evidence;      /* PlrEvidence */
  PlrChallengeLetterRecipient  recipient;
  char                        *recipient_name;
  GDateTime                   *date;
};

G_DEFINE_FINAL_TYPE (PlrChallengeLetter, plr_challenge_letter, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-challenge-letter-error-quark, plr_challenge_letter_error)

/* ------------------------------------------------------------------------ */
/* Blocks                                                                    */

typedef enum
{
  BLOCK_LINE,        /* a short line: the date, the addressee */
  BLOCK_TITLE,
  BLOCK_PARAGRAPH,
  BLOCK_HEADING,
  BLOCK_FIELD,       /* label: value */
  BLOCK_QUOTE,       /* the learner's own words, line breaks kept */
  BLOCK_HASH,        /* an evidence file's SHA-256 */
  BLOCK_SPACE,
} BlockKind;

typedef struct
{
  BlockKind  kind;
  char      *label;
  char      *text;
} Block;

static void
block_free (Block *block)
{
  g_clear_pointer (&block->label, g_free);
  g_clear_pointer (&block->text, g_free);
  g_free (block);
}

/* Plain text for one line: no control characters, runs of white space
 * made one space. */
static char *
clean_line (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  gboolean space = FALSE;

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Plain text that keeps its line breaks. */
static char *
clean_lines (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_strdelimit (valid, "\r", '\n');
  lines = g_strsplit (valid, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = clean_line (lines[i]);

      /* One empty line at most between paragraphs, none at the ends. */
      if (line[0] == '\0' && (out->len == 0 || g_str_has_suffix (out->str, "\n\n")))
        continue;
      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }

  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_block (GPtrArray  *blocks,
           BlockKind   kind,
           const char *label,
           const char *text)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->label = label ? clean_line (label) : NULL;
  block->text = kind == BLOCK_QUOTE ? clean_lines (text) : clean_line (text);
  g_ptr_array_add (blocks, block);
}

static void
add_field (GPtrArray  *blocks,
           const char *label,
           const char *value)
{
  g_autofree char *shown = NULL;

  if (value == NULL || value[0] == '\0')
    return;

  /* Free text from the record, isolated (docs/record-format.md). */
  shown = plr_text_display (value);
  add_block (blocks, BLOCK_FIELD, label, shown);
}

static char *
format_long_date (GDateTime *date)
{
  return plr_view_format_date (date);
}

static char *
format_gdate (const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (g_date_get_year (date),
                                                     g_date_get_month (date),
                                                     g_date_get_day (date), 12, 0, 0);

  return format_long_date (time);
}

static char *
format_challenge_value (PlrChallenge *challenge,
                        const char   *value)
{
  const char *field = plr_challenge_get_field (challenge);
  int f;

  if (value == NULL)
    return NULL;

  if (field != NULL && plr_challenge_get_target (challenge) == PLR_CHALLENGE_TARGET_EVENT &&
      (f = plr_event_field_from_name (field)) >= 0)
    {
      g_autofree char *text = plr_view_format_event_value (f, value);
      return text ? g_steal_pointer (&text) : g_strdup (value);
    }

  if (field != NULL && plr_challenge_get_target (challenge) == PLR_CHALLENGE_TARGET_LEARNER &&
      (f = plr_learner_field_from_name (field)) >= 0)
    {
      g_autofree char *text = plr_view_format_learner_value (f, value);
      return text ? g_steal_pointer (&text) : g_strdup (value);
    }

  return g_strdup (value);
}

static const char *
dup_recipient_name (PlrChallengeLetter *self)
{
  PlrLearningEvent *event = plr_challenge_get_event (self->challenge);

  if (self->recipient_name != NULL)
    return self->recipient_name;

  if (event != NULL)
    return plr_learning_event_get_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME);

  return NULL;
}

static void
add_learner (PlrChallengeLetter *self,
             GPtrArray          *blocks,
             const char         *name)
{
  const char *uln = plr_learner_get_uln (self->learner);
  const char *previous = plr_learner_get_value (self->learner,
                                                PLR_LEARNER_FIELD_PREVIOUS_FAMILY_NAME);
  const char *birth = plr_learner_get_value (self->learner, PLR_LEARNER_FIELD_DATE_OF_BIRTH);
  g_autoptr(GPtrArray) address = g_ptr_array_new ();
  static const PlrLearnerField address_fields[] = {
    PLR_LEARNER_FIELD_ADDRESS_LINE_1,
    PLR_LEARNER_FIELD_ADDRESS_LINE_2,
    PLR_LEARNER_FIELD_ADDRESS_TOWN,
    PLR_LEARNER_FIELD_ADDRESS_COUNTY_OR_CITY,
    PLR_LEARNER_FIELD_POST_CODE,
  };

  add_block (blocks, BLOCK_HEADING, NULL, _("My details"));
  add_field (blocks, _("Full name"), name);
  add_field (blocks, _("Previous family name"), previous);
  if (birth != NULL)
    {
      g_autofree char *text = plr_view_format_learner_value (PLR_LEARNER_FIELD_DATE_OF_BIRTH,
                                                             birth);
      add_field (blocks, _("Date of birth"), text);
    }
  if (uln != NULL)
    {
      g_autofree char *grouped = plr_uln_format_for_reading (uln);
      add_field (blocks, _("Unique Learner Number (ULN)"), grouped);
    }

  for (guint i = 0; i < G_N_ELEMENTS (address_fields); i++)
    {
      const char *line = plr_learner_get_value (self->learner, address_fields[i]);

      if (line != NULL && line[0] != '\0')
        g_ptr_array_add (address, (gpointer) line);
    }
  if (address->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (address, NULL);
      joined = g_strjoinv (", ", (char **) address->pdata);
      add_field (blocks, _("Address"), joined);
    }

  add_field (blocks, _("Email"), plr_learner_get_value (self->learner,
                                                        PLR_LEARNER_FIELD_EMAIL_ADDRESS));
}

static void
add_entry (PlrChallengeLetter *self,
           GPtrArray          *blocks)
{
  PlrLearningEvent *event = plr_challenge_get_event (self->challenge);
  static const PlrEventField fields[] = {
    PLR_EVENT_FIELD_SUBJECT,
    PLR_EVENT_FIELD_SUBJECT_CODE,
    PLR_EVENT_FIELD_QUALIFICATION_TYPE,
    PLR_EVENT_FIELD_LEVEL,
    PLR_EVENT_FIELD_GRADE,
    PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME,
    PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME,
    PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE,
    PLR_EVENT_FIELD_PARTICIPATION_START_DATE,
    PLR_EVENT_FIELD_PARTICIPATION_END_DATE,
  };
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                         plr_challenge_get_event_id (self->challenge));

  add_block (blocks, BLOCK_HEADING, NULL, _("The entry"));

  for (guint i = 0; event != NULL && i < G_N_ELEMENTS (fields); i++)
    {
      const char *raw = plr_learning_event_get_value (event, fields[i]);
      g_autofree char *value = plr_view_format_event_value (fields[i], raw);

      add_field (blocks, plr_event_field_get_label (fields[i]), value);
    }
  add_field (blocks, plr_event_field_get_label (PLR_EVENT_FIELD_ID), id);

  if (plr_challenge_get_event_removed (self->challenge))
    add_block (blocks, BLOCK_PARAGRAPH, NULL,
               _("This entry was in my record when I raised this challenge, but is no longer "
                 "in my record as I last fetched it."));
}

static void
add_what_is_wrong (PlrChallengeLetter *self,
                   GPtrArray          *blocks)
{
  PlrChallenge *challenge = self->challenge;
  PlrChallengeReason reason = plr_challenge_get_reason (challenge);
  g_autofree char *label = plr_challenge_dup_field_label (challenge);
  g_autofree char *current = format_challenge_value (challenge,
                                                     plr_challenge_get_current_value (challenge));
  g_autofree char *proposed = format_challenge_value (challenge,
                                                      plr_challenge_get_proposed_value (challenge));

  add_block (blocks, BLOCK_HEADING, NULL, _("What is wrong"));
  add_field (blocks, _("Reason"), plr_challenge_reason_get_label (reason));

  if (plr_challenge_get_target (challenge) == PLR_CHALLENGE_TARGET_MISSING)
    {
      add_field (blocks, _("Missing achievement"), proposed);
      return;
    }

  add_field (blocks, _("Detail"), label);
  if (label != NULL)
    add_field (blocks, _("Recorded now"), current ? current : _("(nothing recorded)"));
  if (proposed != NULL)
    add_field (blocks, _("It should be"), proposed);
  else if (reason == PLR_CHALLENGE_REASON_SENSITIVE_DATA)
    add_field (blocks, _("It should be"), _("removed"));
  else if (reason == PLR_CHALLENGE_REASON_NOT_MINE || reason == PLR_CHALLENGE_REASON_DUPLICATE)
    add_field (blocks, _("Correction"), _("Remove this entry from my record."));
}

static void
add_evidence (PlrChallengeLetter *self,
              GPtrArray          *blocks)
{
  if (self->evidence == NULL || self->evidence->len == 0)
    return;

  add_block (blocks, BLOCK_HEADING, NULL, _("Evidence enclosed"));
  for (guint i = 0; i < self->evidence->len; i++)
    {
      PlrEvidence *evidence = g_ptr_array_index (self->evidence, i);
      g_autofree char *number = g_strdup_printf ("%u.", i + 1);
      g_autofree char *size = g_format_size ((guint64) MAX (evidence->size, 0));
      g_autofree char *name = clean_line (evidence->name);
      /* Translators: a file of evidence: "certificate.pdf (PDF document, 120.3 kB)" */
      g_autofree char *text = g_strdup_printf (_("%s (%s, %s)"), name,
                                               plr_evidence_get_type_label (evidence->media_type),
                                               size);

      add_block (blocks, BLOCK_FIELD, number, text);
      add_block (blocks, BLOCK_HASH, "SHA-256", evidence->sha256);
    }
}

static GPtrArray *
build_blocks (PlrChallengeLetter *self)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  g_autofree char *name = plr_learner_dup_display_name (self->learner);
  g_autofree char *date = format_long_date (self->date);
  g_autofree char *due = NULL;
  const char *recipient = dup_recipient_name (self);
  const char *details = plr_challenge_get_details (self->challenge);
  PlrChallengeTarget target = plr_challenge_get_target (self->challenge);
  GDate sent;
  GDate due_date;

  g_date_clear (&sent, 1);
  g_date_set_dmy (&sent, g_date_time_get_day_of_month (self->date),
                  g_date_time_get_month (self->date), g_date_time_get_year (self->date));
  plr_challenge_compute_due_date (&sent, &due_date);
  due = format_gdate (&due_date);

  add_block (blocks, BLOCK_LINE, NULL, date);
  add_block (blocks, BLOCK_SPACE, NULL, NULL);

  if (self->recipient == PLR_CHALLENGE_LETTER_TO_LRS)
    add_block (blocks, BLOCK_LINE, NULL, _("To: the Learning Records Service service desk"));
  else if (recipient != NULL && recipient[0] != '\0')
    {
      /* Translators: the addressee of a letter; %s is a college or training provider */
      g_autofree char *to = g_strdup_printf (_("To: %s"), recipient);
      add_block (blocks, BLOCK_LINE, NULL, to);
    }
  else
    add_block (blocks, BLOCK_LINE, NULL, _("To: my learning provider"));
  add_block (blocks, BLOCK_SPACE, NULL, NULL);

  add_block (blocks, BLOCK_TITLE, NULL,
             _("Data challenge: please correct my Personal Learning Record"));

  add_block (blocks, BLOCK_PARAGRAPH, NULL,
             self->recipient == PLR_CHALLENGE_LETTER_TO_LRS
               ? _("Dear Learning Records Service,")
               : _("Dear Sir or Madam,"));

  if (self->recipient == PLR_CHALLENGE_LETTER_TO_LRS)
    add_block (blocks, BLOCK_PARAGRAPH, NULL,
               _("My Personal Learning Record, held by the Learning Records Service, needs "
                 "correcting, as set out below. I am not enrolled with a learning provider who "
                 "could raise a data challenge for me, so I am writing to you directly."));
  else
    add_block (blocks, BLOCK_PARAGRAPH, NULL,
               _("My Personal Learning Record, held by the Learning Records Service, needs "
                 "correcting, as set out below. Please raise a data challenge for me through "
                 "the Learning Records Service organisation portal."));

  add_block (blocks, BLOCK_PARAGRAPH, NULL,
             _("I make this request under Article 16 of the UK General Data Protection "
               "Regulation, the right to have inaccurate personal data corrected."));

  add_learner (self, blocks, name);

  if (target == PLR_CHALLENGE_TARGET_EVENT)
    add_entry (self, blocks);

  add_what_is_wrong (self, blocks);

  if (details != NULL && details[0] != '\0')
    {
      add_block (blocks, BLOCK_HEADING, NULL, _("In my words"));
      add_block (blocks, BLOCK_QUOTE, NULL, details);
    }

  add_evidence (self, blocks);

  {
    /* Translators: %s is a date such as "23 December 2026" */
    g_autofree char *answer = g_strdup_printf (_("Please correct my record and tell me when it "
                                                 "is done. I understand that you have one "
                                                 "calendar month to answer, that is by %s."),
                                               due);
    add_block (blocks, BLOCK_PARAGRAPH, NULL, answer);
  }
  if (target == PLR_CHALLENGE_TARGET_EVENT)
    add_block (blocks, BLOCK_PARAGRAPH, NULL,
               _("While this is looked into, I ask that the entry be marked as under data "
                 "challenge and not used (Article 18, the right to restrict processing)."));

  add_block (blocks, BLOCK_PARAGRAPH, NULL, _("Yours faithfully,"));
  add_block (blocks, BLOCK_LINE, NULL, name);

  return g_steal_pointer (&blocks);
}

/* ------------------------------------------------------------------------ */
/* Plain text                                                                */

/* Appends @text wrapped at TEXT_WIDTH characters: the first line after
 * @first (already in the output, @first_width wide), the next ones after
 * @indent. A word longer than a line stays whole. */
static void
append_wrapped (GString    *out,
                const char *text,
                glong       first_width,
                const char *indent)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  glong column = first_width;
  glong indent_width = g_utf8_strlen (indent, -1);
  gboolean line_empty = TRUE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong length = g_utf8_strlen (words[i], -1);

      if (length == 0)
        continue;

      if (!line_empty && column + 1 + length > TEXT_WIDTH)
        {
          g_string_append_c (out, '\n');
          g_string_append (out, indent);
          column = indent_width;
          line_empty = TRUE;
        }

      if (!line_empty)
        {
          g_string_append_c (out, ' ');
          column++;
        }

      g_string_append (out, words[i]);
      column += length;
      line_empty = FALSE;
    }

  g_string_append_c (out, '\n');
}

static char *
render_text (GPtrArray *blocks)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      Block *block = g_ptr_array_index (blocks, i);
      Block *next = i + 1 < blocks->len ? g_ptr_array_index (blocks, i + 1) : NULL;

      switch (block->kind)
        {
        case BLOCK_LINE:
          append_wrapped (out, block->text, 0, "");
          break;

        case BLOCK_SPACE:
          g_string_append_c (out, '\n');
          break;

        case BLOCK_TITLE:
          append_wrapped (out, block->text, 0, "");
          g_string_append_c (out, '\n');
          break;

        case BLOCK_PARAGRAPH:
          append_wrapped (out, block->text, 0, "");
          g_string_append_c (out, '\n');
          break;

        case BLOCK_HEADING:
          append_wrapped (out, block->text, 0, "");
          break;

        case BLOCK_FIELD:
          {
            /* An evidence number ("1.") reads better without a colon. */
            g_autofree char *lead = g_str_has_suffix (block->label, ".")
                                      ? g_strdup_printf ("  %s ", block->label)
                                      : g_strdup_printf ("  %s: ", block->label);

            g_string_append (out, lead);
            append_wrapped (out, block->text, g_utf8_strlen (lead, -1), "      ");
          }
          if (next == NULL || (next->kind != BLOCK_FIELD && next->kind != BLOCK_HASH))
            g_string_append_c (out, '\n');
          break;

        case BLOCK_HASH:
          /* On a line of its own, so that it is never wrapped. */
          g_string_append_printf (out, "      %s:\n      %s\n", block->label, block->text);
          if (next == NULL || (next->kind != BLOCK_FIELD && next->kind != BLOCK_HASH))
            g_string_append_c (out, '\n');
          break;

        case BLOCK_QUOTE:
          {
            g_auto(GStrv) lines = g_strsplit (block->text, "\n", -1);

            for (guint l = 0; lines[l] != NULL; l++)
              {
                if (lines[l][0] == '\0')
                  {
                    g_string_append_c (out, '\n');
                    continue;
                  }
                g_string_append (out, "  ");
                append_wrapped (out, lines[l], 2, "  ");
              }
            g_string_append_c (out, '\n');
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  while (g_str_has_suffix (out->str, "\n\n"))
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------ */
/* PDF                                                                       */

typedef enum
{
  STYLE_TITLE,
  STYLE_BODY,
  STYLE_HEADING,
  STYLE_LABEL,
  STYLE_HASH,
  STYLE_FOOTER,
  N_STYLES
} Style;

static const PlrPdfFont styles[N_STYLES] = {
  [STYLE_TITLE] = { FONT_FAMILY, 14.0, PANGO_WEIGHT_BOLD },
  [STYLE_BODY] = { FONT_FAMILY, 10.5, PANGO_WEIGHT_NORMAL },
  [STYLE_HEADING] = { FONT_FAMILY, 11.5, PANGO_WEIGHT_BOLD },
  [STYLE_LABEL] = { FONT_FAMILY, 9.5, PANGO_WEIGHT_NORMAL },
  [STYLE_HASH] = { MONO_FONT_FAMILY, 7.5, PANGO_WEIGHT_NORMAL },
  [STYLE_FOOTER] = { FONT_FAMILY, 7.5, PANGO_WEIGHT_NORMAL },
};

typedef PlrPdfColor Color;

static const Color text_color = { 0.118, 0.118, 0.118 };
static const Color secondary_color = { 0.369, 0.361, 0.392 };
static const Color heading_color = { 0.141, 0.122, 0.192 };
static const Color rule_color = { 0.776, 0.773, 0.765 };

typedef struct
{
  PlrPdfDoc   pdf;
  GPtrArray  *blocks;
  const char *footer;
  double      y;
} Doc;

static void
doc_clear (Doc *doc)
{
  plr_pdf_doc_clear (&doc->pdf);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Doc, doc_clear)

static void
draw_footer (Doc *doc)
{
  plr_pdf_draw_footer (&doc->pdf, STYLE_FOOTER, doc->footer, MARGIN_X, CONTENT_WIDTH,
                       FOOTER_RULE_Y, &rule_color, &secondary_color);
}

/* Starts a new page unless @height fits below; a page that is still empty
 * takes anything, so an enormous block cannot loop. */
static void
ensure_space (Doc    *doc,
              double  height)
{
  if (doc->y + height <= CONTENT_BOTTOM || doc->y <= MARGIN_TOP)
    return;

  draw_footer (doc);
  plr_pdf_doc_show_page (&doc->pdf);
  doc->pdf.page++;
  doc->y = MARGIN_TOP;
}

static void
draw_text_block (Doc         *doc,
                 Style        style,
                 const Color *color,
                 const char  *text,
                 double       x,
                 double       width,
                 double       space_after)
{
  g_autoptr(PangoLayout) layout = plr_pdf_layout (&doc->pdf, style, text, width);
  double height = plr_pdf_height (layout);

  ensure_space (doc, height);
  plr_pdf_show (&doc->pdf, layout, x, doc->y, color);
  doc->y += height + space_after;
}

/* Like draw_text_block(), a line at a time, so that text longer than a
 * page flows onto the next. */
static void
draw_flowing_text (Doc         *doc,
                   Style        style,
                   const Color *color,
                   const char  *text,
                   double       x,
                   double       width,
                   double       space_after)
{
  g_autoptr(PangoLayout) layout = plr_pdf_layout (&doc->pdf, style, text, width);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      double line_top, line_height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_top = (double) logical.y / PANGO_SCALE;
      line_height = (double) logical.height / PANGO_SCALE;
      baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE - line_top;

      ensure_space (doc, line_height);

      if (plr_pdf_doc_inking (&doc->pdf))
        {
          plr_pdf_set_color (&doc->pdf, color);
          cairo_move_to (doc->pdf.cr, x, doc->y + baseline);
          pango_cairo_show_layout_line (doc->pdf.cr, pango_layout_iter_get_line_readonly (iter));
        }
      doc->y += line_height;
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
  doc->y += space_after;
}

static void
draw_field (Doc         *doc,
            Style        value_style,
            const char  *label,
            const char  *value)
{
  g_autoptr(PangoLayout) label_layout = plr_pdf_layout (&doc->pdf, STYLE_LABEL, label, LABEL_WIDTH);
  g_autoptr(PangoLayout) value_layout = plr_pdf_layout (&doc->pdf, value_style, value,
                                                        CONTENT_WIDTH - LABEL_WIDTH - LABEL_GAP);
  double height = MAX (plr_pdf_height (label_layout), plr_pdf_height (value_layout));

  ensure_space (doc, height);
  plr_pdf_show (&doc->pdf, label_layout, MARGIN_X, doc->y + 1, &secondary_color);
  plr_pdf_show (&doc->pdf, value_layout, MARGIN_X + LABEL_WIDTH + LABEL_GAP, doc->y, &text_color);
  doc->y += height + 4;
}

static void
draw_document (Doc *doc)
{
  doc->pdf.page = 1;
  doc->y = MARGIN_TOP;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      switch (block->kind)
        {
        case BLOCK_LINE:
          plr_pdf_tag_begin (&doc->pdf, "P");
          draw_text_block (doc, STYLE_BODY, &text_color, block->text, MARGIN_X, CONTENT_WIDTH, 2);
          plr_pdf_tag_end (&doc->pdf, "P");
          break;
        case BLOCK_SPACE:
          doc->y += 10;
          break;
        case BLOCK_TITLE:
          plr_pdf_heading_begin (&doc->pdf, 1, block->text, doc->y);
          draw_text_block (doc, STYLE_TITLE, &heading_color, block->text, MARGIN_X,
                           CONTENT_WIDTH, 14);
          plr_pdf_heading_end (&doc->pdf, 1);
          break;
        case BLOCK_PARAGRAPH:
          /* Space after a list of details, as after a paragraph. */
          if (i > 0 && (((Block *) g_ptr_array_index (doc->blocks, i - 1))->kind == BLOCK_FIELD ||
                        ((Block *) g_ptr_array_index (doc->blocks, i - 1))->kind == BLOCK_HASH))
            doc->y += 8;
          plr_pdf_tag_begin (&doc->pdf, "P");
          draw_flowing_text (doc, STYLE_BODY, &text_color, block->text, MARGIN_X, CONTENT_WIDTH,
                             9);
          plr_pdf_tag_end (&doc->pdf, "P");
          break;
        case BLOCK_HEADING:
          doc->y += 6;
          /* Keep a heading with what follows it. */
          ensure_space (doc, 64);
          plr_pdf_heading_begin (&doc->pdf, 2, block->text, doc->y);
          draw_text_block (doc, STYLE_HEADING, &heading_color, block->text, MARGIN_X,
                           CONTENT_WIDTH, 6);
          plr_pdf_heading_end (&doc->pdf, 2);
          break;
        case BLOCK_FIELD:
          /* A file of evidence stays on the page of its hash. */
          if (i + 1 < doc->blocks->len &&
              ((Block *) g_ptr_array_index (doc->blocks, i + 1))->kind == BLOCK_HASH)
            ensure_space (doc, 36);
          plr_pdf_tag_begin (&doc->pdf, "P");
          draw_field (doc, STYLE_BODY, block->label, block->text);
          plr_pdf_tag_end (&doc->pdf, "P");
          break;
        case BLOCK_HASH:
          {
            /* The whole width, so that the 64 digits stay on one line. */
            g_autofree char *line = g_strdup_printf ("%s: %s", block->label, block->text);

            plr_pdf_tag_begin (&doc->pdf, "P");
            draw_text_block (doc, STYLE_HASH, &secondary_color, line,
                             MARGIN_X + 24, 0, 6);
            plr_pdf_tag_end (&doc->pdf, "P");
          }
          break;
        case BLOCK_QUOTE:
          /* The learner's own words. */
          plr_pdf_tag_begin (&doc->pdf, "BlockQuote");
          draw_flowing_text (doc, STYLE_BODY, &text_color, block->text, MARGIN_X + 12,
                             CONTENT_WIDTH - 12, 9);
          plr_pdf_tag_end (&doc->pdf, "BlockQuote");
          break;
        default:
          g_assert_not_reached ();
        }
    }

  draw_footer (doc);
}

static gboolean
render_pdf (GPtrArray      *blocks,
            const char     *title,
            const char     *footer,
            const char     *author,
            GOutputStream  *stream,
            GCancellable   *cancellable,
            GError        **error)
{
  g_auto(Doc) doc = { { NULL, }, };
  g_autoptr(GError) local_error = NULL;
  PlrPdfOutput output;
  cairo_t *cr;

  cr = plr_pdf_begin (&output, stream, cancellable, title);
  plr_pdf_set_subject (cr, _("A letter asking for a Personal Learning Record to be corrected"));
  /* The learner's letter, signed with their name: they are its author. */
  plr_pdf_set_author (cr, author);
  plr_pdf_doc_init (&doc.pdf, cr, styles, N_STYLES);
  doc.blocks = blocks;
  doc.footer = footer;
  plr_pdf_draw_passes (&doc.pdf, (PlrPdfDrawFunc) draw_document, &doc);

  if (plr_pdf_end (&output, cr, &local_error))
    return TRUE;

  if (g_error_matches (local_error, PLR_PDF_ERROR, PLR_PDF_ERROR_CAIRO))
    g_set_error (error, PLR_CHALLENGE_LETTER_ERROR, PLR_CHALLENGE_LETTER_ERROR_FAILED,
                 _("Could not make the PDF: %s"), local_error->message);
  else
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                _("Could not write the PDF: "));
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* The object                                                                */

static void
plr_challenge_letter_finalize (GObject *object)
{
  PlrChallengeLetter *self = (PlrChallengeLetter *)object;

  g_clear_object (&self->challenge);
  g_clear_object (&self->learner);
  g_clear_pointer (&self->evidence, g_ptr_array_unref);
  g_clear_pointer (&self->recipient_name, g_free);
  g_clear_pointer (&self->date, g_date_time_unref);

  G_OBJECT_CLASS (plr_challenge_letter_parent_class)->finalize (object);
}

static void
plr_challenge_letter_class_init (PlrChallengeLetterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_challenge_letter_finalize;
}

static void
plr_challenge_letter_init (PlrChallengeLetter *self)
{
  self->date = g_date_time_new_now_local ();
}

/**
 * plr_challenge_letter_new:
 * @challenge: the challenge (a draft, or one sent by letter)
 * @learner: the learner, from the current record
 * @evidence: (element-type PlrEvidence) (nullable): the evidence enclosed
 * @recipient: the provider or the LRS service desk
 *
 * The letter, dated today, to the provider named by the challenged entry
 * unless plr_challenge_letter_set_recipient_name() names another.
 *
 * Returns: (transfer full): a new letter
 */
PlrChallengeLetter *
plr_challenge_letter_new (PlrChallenge                *challenge,
                          PlrLearner                  *learner,
                          GPtrArray                   *evidence,
                          PlrChallengeLetterRecipient  recipient)
{
  PlrChallengeLetter *self;

  g_return_val_if_fail (PLR_IS_CHALLENGE (challenge), NULL);
  g_return_val_if_fail (PLR_IS_LEARNER (learner), NULL);

  self = g_object_new (PLR_TYPE_CHALLENGE_LETTER, NULL);
  self->challenge = g_object_ref (challenge);
  self->learner = g_object_ref (learner);
  self->recipient = recipient;
  self->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_evidence_free);
  for (guint i = 0; evidence != NULL && i < evidence->len; i++)
    g_ptr_array_add (self->evidence, plr_evidence_copy (g_ptr_array_index (evidence, i)));

  return self;
}

/**
 * plr_challenge_letter_set_recipient_name:
 * @self: a #PlrChallengeLetter
 * @name: (nullable): the provider's name, or %NULL for the one in the entry
 */
void
plr_challenge_letter_set_recipient_name (PlrChallengeLetter *self,
                                         const char         *name)
{
  g_return_if_fail (PLR_IS_CHALLENGE_LETTER (self));

  g_free (self->recipient_name);
  self->recipient_name = name && name[0] ? g_strdup (name) : NULL;
}

/**
 * plr_challenge_letter_set_date:
 * @self: a #PlrChallengeLetter
 * @date: the date the letter is written on
 */
void
plr_challenge_letter_set_date (PlrChallengeLetter *self,
                               GDateTime          *date)
{
  g_return_if_fail (PLR_IS_CHALLENGE_LETTER (self));
  g_return_if_fail (date != NULL);

  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = g_date_time_to_local (date);
}

GDateTime *
plr_challenge_letter_get_date (PlrChallengeLetter *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE_LETTER (self), NULL);
  return self->date;
}

/**
 * plr_challenge_letter_render_text:
 * @self: a #PlrChallengeLetter
 *
 * Returns: (transfer full): the letter as plain text wrapped at 72
 *   characters, for an email
 */
char *
plr_challenge_letter_render_text (PlrChallengeLetter *self)
{
  g_autoptr(GPtrArray) blocks = NULL;

  g_return_val_if_fail (PLR_IS_CHALLENGE_LETTER (self), NULL);

  blocks = build_blocks (self);
  return render_text (blocks);
}

static char *
dup_footer (PlrChallengeLetter *self)
{
  g_autofree char *name = plr_learner_dup_display_name (self->learner);
  g_autofree char *date = format_long_date (self->date);

  /* Translators: the foot of each page of a challenge letter: a name and a date */
  return g_strdup_printf (_("Data challenge from %s, %s"), name, date);
}

/**
 * plr_challenge_letter_render_pdf:
 * @self: a #PlrChallengeLetter
 * @stream: where to write the PDF
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the letter as an A4 PDF document. @stream is not closed.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_challenge_letter_render_pdf (PlrChallengeLetter  *self,
                                 GOutputStream       *stream,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *author = NULL;

  g_return_val_if_fail (PLR_IS_CHALLENGE_LETTER (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  blocks = build_blocks (self);
  footer = dup_footer (self);
  author = plr_learner_dup_display_name (self->learner);
  return render_pdf (blocks, _("Data challenge"), footer, author, stream, cancellable, error);
}

static gboolean
write_pdf_file (GPtrArray     *blocks,
                const char    *footer,
                const char    *author,
                GFile         *file,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();

  if (!render_pdf (blocks, _("Data challenge"), footer, author, memory, cancellable, error))
    return FALSE;

  return plr_pdf_save (memory, file, cancellable, error);
}

/**
 * plr_challenge_letter_render_pdf_to_file:
 * @self: a #PlrChallengeLetter
 * @file: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the PDF to @file, replacing it only once the whole document is
 * made; a new file is private to the user.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_challenge_letter_render_pdf_to_file (PlrChallengeLetter  *self,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GError             **error)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *author = NULL;

  g_return_val_if_fail (PLR_IS_CHALLENGE_LETTER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  blocks = build_blocks (self);
  footer = dup_footer (self);
  author = plr_learner_dup_display_name (self->learner);
  return write_pdf_file (blocks, footer, author, file, cancellable, error);
}

typedef struct
{
  GPtrArray *blocks;
  char      *footer;
  char      *author;
  GFile     *file;
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_clear_pointer (&data->blocks, g_ptr_array_unref);
  g_clear_pointer (&data->footer, g_free);
  g_clear_pointer (&data->author, g_free);
  g_clear_object (&data->file);
  g_free (data);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *data = task_data;
  GError *error = NULL;

  if (write_pdf_file (data->blocks, data->footer, data->author, data->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * plr_challenge_letter_render_pdf_to_file_async:
 * @self: a #PlrChallengeLetter
 * @file: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written
 * @user_data: data for @callback
 *
 * The letter's text is taken now, on the calling thread; the PDF is made
 * and written on a worker thread.
 */
void
plr_challenge_letter_render_pdf_to_file_async (PlrChallengeLetter  *self,
                                               GFile               *file,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_return_if_fail (PLR_IS_CHALLENGE_LETTER (self));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (RenderData, 1);
  data->blocks = build_blocks (self);
  data->footer = dup_footer (self);
  data->author = plr_learner_dup_display_name (self->learner);
  data->file = g_object_ref (file);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_challenge_letter_render_pdf_to_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, render_thread);
}

/**
 * plr_challenge_letter_render_pdf_to_file_finish:
 * @self: a #PlrChallengeLetter
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the file was written
 */
gboolean
plr_challenge_letter_render_pdf_to_file_finish (PlrChallengeLetter  *self,
                                                GAsyncResult        *result,
                                                GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * plr_challenge_letter_dup_file_name:
 * @self: a #PlrChallengeLetter
 * @extension: "txt" or "pdf"
 *
 * Returns: (transfer full): a file name with the date, for saving the letter
 */
char *
plr_challenge_letter_dup_file_name (PlrChallengeLetter *self,
                                    const char         *extension)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (PLR_IS_CHALLENGE_LETTER (self), NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  date = g_date_time_format (self->date, "%Y-%m-%d");
  /* Translators: a file name; the first %s is a date such as 2026-11-23, the second "pdf" */
  return g_strdup_printf (_("data-challenge-%s.%s"), date, extension);
}
