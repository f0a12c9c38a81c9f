/* plr-rights-letter.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-rights-letter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "plr-date.h"
#include "plr-field.h"
#include "plr-identifiers.h"
#include "plr-pdf.h"
#include "plr-rights.h"
#include "plr-rights-letter.h"
#include "plr-text.h"

/* A letter exercising a data right, to one body of the recipients dataset:
 * a subject access request (UK GDPR Article 15), or an objection (Article
 * 21(1)), the route that remains now that new LRS opt-outs are not
 * offered. The ICO's advice for a good request is followed: labelled
 * "Subject access request", dated, with the learner's name and former
 * names, ULN, date of birth and contact details, saying exactly what is
 * wanted (for the Personal Learning Record: the learning events, the
 * learner record, the access log, the sharing flag, sources and
 * recipients) and in what format, and when the answer is due.
 *
 * The letter is built once as a list of blocks, and both the plain text
 * (for an email) and the A4 PDF (to print and post) are drawn from that
 * list, so they cannot say different things. A detail left empty is left
 * out; the learner's name and an address the dataset does not hold are
 * shown as bracketed placeholders the learner must complete. Nothing here
 * is logged. */

#define PAGE_WIDTH     PLR_PDF_PAGE_WIDTH
#define PAGE_HEIGHT    PLR_PDF_PAGE_HEIGHT
#define MARGIN_X       68.0     /* 24 mm */
#define MARGIN_TOP     56.0
#define CONTENT_BOTTOM (PAGE_HEIGHT - 78.0)
#define FOOTER_RULE_Y  (PAGE_HEIGHT - 56.0)
#define CONTENT_WIDTH  (PAGE_WIDTH - 2 * MARGIN_X)
#define SENDER_WIDTH   210.0
#define MIN_LABEL_WIDTH 110.0
#define MAX_LABEL_WIDTH 220.0
#define BULLET_INDENT  16.0

#define FONT_FAMILY "Cantarell, DejaVu Sans"

struct _PlrRightsLetter
{
  GObject              parent_instance;

  PlrRightsLetterKind  kind;
  PlrRecipient        *recipient;
  char                *name;
  char                *former_names;
  char                *date_of_birth;   /* yyyy-mm-dd */
  char                *uln;
  char                *address;         /* lines separated by newlines */
  char                *email;
  char                *reasons;         /* an objection's grounds */
  GDateTime           *dated;
  PlrRightsFormat      format;
  PlrRightsItems       items;
};

G_DEFINE_FINAL_TYPE (PlrRightsLetter, plr_rights_letter, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-rights-letter-error-quark, plr_rights_letter_error)

G_DEFINE_ENUM_TYPE (PlrRightsLetterKind, plr_rights_letter_kind,
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_LETTER_SUBJECT_ACCESS, "subject-access"),
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_LETTER_OBJECTION, "objection"))

G_DEFINE_ENUM_TYPE (PlrRightsFormat, plr_rights_format,
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_FORMAT_ELECTRONIC, "electronic"),
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_FORMAT_PAPER, "paper"))

G_DEFINE_FLAGS_TYPE (PlrRightsItems, plr_rights_items,
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_ITEM_EVENTS, "events"),
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_ITEM_LEARNER, "learner"),
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_ITEM_ACCESS_LOG, "access-log"),
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_ITEM_SHARING_FLAG, "sharing-flag"),
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_ITEM_SOURCES, "sources"),
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_ITEM_RECIPIENTS, "recipients"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_RECIPIENT,
  PROP_NAME,
  PROP_FORMER_NAMES,
  PROP_DATE_OF_BIRTH,
  PROP_ULN,
  PROP_ADDRESS,
  PROP_EMAIL,
  PROP_REASONS,
  PROP_DATED,
  PROP_FORMAT,
  PROP_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static char **
text_field (PlrRightsLetter *self,
            guint            prop_id)
{
  switch (prop_id)
    {
    case PROP_NAME:          return &self->name;
    case PROP_FORMER_NAMES:  return &self->former_names;
    case PROP_DATE_OF_BIRTH: return &self->date_of_birth;
    case PROP_ULN:           return &self->uln;
    case PROP_ADDRESS:       return &self->address;
    case PROP_EMAIL:         return &self->email;
    case PROP_REASONS:       return &self->reasons;
    default:                 return NULL;
    }
}

static void
plr_rights_letter_finalize (GObject *object)
{
  PlrRightsLetter *self = (PlrRightsLetter *)object;

  for (guint i = PROP_NAME; i <= PROP_REASONS; i++)
    g_clear_pointer (text_field (self, i), g_free);
  g_clear_object (&self->recipient);
  g_clear_pointer (&self->dated, g_date_time_unref);

  G_OBJECT_CLASS (plr_rights_letter_parent_class)->finalize (object);
}

static void
plr_rights_letter_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlrRightsLetter *self = PLR_RIGHTS_LETTER (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_RECIPIENT:
      g_value_set_object (value, self->recipient);
      break;
    case PROP_DATED:
      g_value_set_boxed (value, self->dated);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_ITEMS:
      g_value_set_flags (value, self->items);
      break;
    default:
      if (text_field (self, prop_id) != NULL)
        g_value_set_string (value, *text_field (self, prop_id));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_rights_letter_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PlrRightsLetter *self = PLR_RIGHTS_LETTER (object);
  g_autofree char *text = NULL;
  char **field;

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      return;

    case PROP_RECIPIENT:
      g_set_object (&self->recipient, g_value_get_object (value));
      return;

    case PROP_DATED:
      {
        GDateTime *dated = g_value_get_boxed (value);

        g_clear_pointer (&self->dated, g_date_time_unref);
        self->dated = dated ? g_date_time_ref (dated) : g_date_time_new_now_local ();
        g_object_notify_by_pspec (object, pspec);
      }
      return;

    case PROP_FORMAT:
      if (self->format != (PlrRightsFormat) g_value_get_enum (value))
        {
          self->format = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      return;

    case PROP_ITEMS:
      if (self->items != g_value_get_flags (value))
        {
          self->items = g_value_get_flags (value);
          g_object_notify_by_pspec (object, pspec);
        }
      return;

    default:
      break;
    }

  field = text_field (self, prop_id);
  if (field == NULL)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  text = g_strstrip (g_strdup (g_value_get_string (value) ? g_value_get_string (value) : ""));
  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);
  if (g_strcmp0 (*field, text) == 0)
    return;

  g_free (*field);
  *field = g_steal_pointer (&text);
  g_object_notify_by_pspec (object, pspec);
}

static void
plr_rights_letter_class_init (PlrRightsLetterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags construct_only = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plr_rights_letter_finalize;
  object_class->get_property = plr_rights_letter_get_property;
  object_class->set_property = plr_rights_letter_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PLR_TYPE_RIGHTS_LETTER_KIND,
                       PLR_RIGHTS_LETTER_SUBJECT_ACCESS, construct_only);
  /* The body it is addressed to; NULL leaves a placeholder. */
  properties[PROP_RECIPIENT] =
    g_param_spec_object ("recipient", NULL, NULL, PLR_TYPE_RECIPIENT, construct_only);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_FORMER_NAMES] = g_param_spec_string ("former-names", NULL, NULL, NULL, flags);
  /* yyyy-mm-dd */
  properties[PROP_DATE_OF_BIRTH] = g_param_spec_string ("date-of-birth", NULL, NULL, NULL, flags);
  properties[PROP_ULN] = g_param_spec_string ("uln", NULL, NULL, NULL, flags);
  /* Lines separated by newlines. */
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  /* An objection's grounds, in the learner's words. */
  properties[PROP_REASONS] = g_param_spec_string ("reasons", NULL, NULL, NULL, flags);
  /* The letter's date; NULL means now. */
  properties[PROP_DATED] =
    g_param_spec_boxed ("dated", NULL, NULL, G_TYPE_DATE_TIME, flags | G_PARAM_CONSTRUCT);
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL, PLR_TYPE_RIGHTS_FORMAT,
                       PLR_RIGHTS_FORMAT_ELECTRONIC, flags);
  properties[PROP_ITEMS] =
    g_param_spec_flags ("items", NULL, NULL, PLR_TYPE_RIGHTS_ITEMS, PLR_RIGHTS_ITEM_ALL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_rights_letter_init (PlrRightsLetter *self)
{
  self->items = PLR_RIGHTS_ITEM_ALL;
}

/* ------------------------------------------------------------------------ */
/* The letter as blocks                                                      */

typedef enum
{
  BLOCK_SENDER,       /* the learner's name, address and email; right-aligned */
  BLOCK_DATE,         /* right-aligned */
  BLOCK_ADDRESSEE,    /* the body, and its address */
  BLOCK_PLACEHOLDER,  /* something the learner must complete: text, and where to look */
  BLOCK_HEADING,      /* "Subject access request" */
  BLOCK_SUBJECT,      /* the line under the heading */
  BLOCK_PARAGRAPH,
  BLOCK_BULLET,
  BLOCK_FIELD,        /* label: value */
  BLOCK_CLOSING,      /* "Yours faithfully," */
  BLOCK_SIGNATURE,    /* the name, after room to sign */
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
  g_free (block->label);
  g_free (block->text);
  g_free (block);
}

static void
add_block (GPtrArray  *blocks,
           BlockKind   kind,
           const char *label,
           const char *text)
{
  Block *block = g_new0 (Block, 1);
  g_auto(GStrv) lines = text ? g_strsplit (text, "\n", -1) : NULL;

  block->kind = kind;
  block->label = g_strdup (label);

  /* What the learner typed (names, an address) is free text: each line
   * with invisible or direction-changing characters is isolated, so it
   * cannot change how the rest of the letter reads (docs/record-format.md). */
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      char *shown = plr_text_display (lines[i]);

      g_free (lines[i]);
      lines[i] = shown;
    }
  block->text = lines ? g_strjoinv ("\n", lines) : NULL;
  g_ptr_array_add (blocks, block);
}

static char *
format_gdate (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date), 12, 0, 0);

  return plr_date_format_long (dt);
}

static gboolean
holds_the_plr (PlrRightsLetter *self)
{
  return self->recipient == NULL ||
         plr_recipient_get_kind (self->recipient) == PLR_RECIPIENT_KIND_CONTROLLER;
}

static const char *
body_name (PlrRightsLetter *self)
{
  return self->recipient ? plr_recipient_get_name (self->recipient) : NULL;
}

static void
add_addressee (PlrRightsLetter *self,
               GPtrArray       *blocks)
{
  g_autoptr(GString) lines = g_string_new (_("The Data Protection Officer"));
  const char *address = self->recipient ? plr_recipient_get_postal_address (self->recipient)
                                        : NULL;
  const char *email = self->recipient ? plr_recipient_get_email (self->recipient) : NULL;

  g_string_append_c (lines, '\n');
  g_string_append (lines, body_name (self) ? body_name (self)
                                           : _("[The name of the organisation]"));
  if (address != NULL)
    g_string_append_printf (lines, "\n%s", address);
  if (email != NULL)
    g_string_append_printf (lines, "\n%s", email);
  add_block (blocks, BLOCK_ADDRESSEE, NULL, lines->str);

  /* Never an invented address: the learner completes it. */
  if (address == NULL && email == NULL)
    {
      const char *where = self->recipient ? plr_recipient_get_where_to_find (self->recipient)
                                          : NULL;

      add_block (blocks, BLOCK_PLACEHOLDER, where,
                 _("[Address or email: check the current address on the body’s website]"));
    }
}

static void
add_details (PlrRightsLetter *self,
             GPtrArray       *blocks)
{
  int year, month, day;

  add_block (blocks, BLOCK_PARAGRAPH, NULL, _("My details, to help you find my records:"));

  add_block (blocks, BLOCK_FIELD, _("Full name"), self->name ? self->name : _("[Your full name]"));
  if (self->former_names)
    add_block (blocks, BLOCK_FIELD, _("Former names"), self->former_names);
  if (self->date_of_birth && plr_field_parse_date (self->date_of_birth, &year, &month, &day))
    {
      g_autoptr(GDateTime) birth = g_date_time_new_local (year, month, day, 12, 0, 0);
      g_autofree char *text = plr_date_format_long (birth);

      add_block (blocks, BLOCK_FIELD, _("Date of birth"), text);
    }
  if (self->uln)
    {
      g_autofree char *uln = plr_uln_format_for_reading (self->uln);

      add_block (blocks, BLOCK_FIELD, _("Unique Learner Number (ULN)"), uln);
    }
  if (self->address)
    {
      g_auto(GStrv) lines = g_strsplit (self->address, "\n", -1);
      g_autofree char *joined = NULL;

      for (guint i = 0; lines[i] != NULL; i++)
        g_strstrip (lines[i]);
      joined = g_strjoinv (", ", lines);
      add_block (blocks, BLOCK_FIELD, _("Address"), joined);
    }
  if (self->email)
    add_block (blocks, BLOCK_FIELD, _("Email"), self->email);
}

static void
add_subject_access_body (PlrRightsLetter *self,
                         GPtrArray       *blocks)
{
  add_block (blocks, BLOCK_PARAGRAPH, NULL,
             _("This is a subject access request under Article 15 of the UK General Data "
               "Protection Regulation (UK GDPR). Please send me a copy of all the personal data "
               "you hold about me, and tell me why you use it, who you have shared it with or "
               "will share it with, how long you will keep it and where it came from."));

  if (holds_the_plr (self))
    {
      add_block (blocks, BLOCK_PARAGRAPH, NULL,
                 _("For my Personal Learning Record in the Learning Records Service, please "
                   "include:"));
      if (self->items & PLR_RIGHTS_ITEM_EVENTS)
        add_block (blocks, BLOCK_BULLET, NULL,
                   _("all my learning events (my qualifications, units and other participation "
                     "and achievements), with every field you hold for each;"));
      if (self->items & PLR_RIGHTS_ITEM_LEARNER)
        add_block (blocks, BLOCK_BULLET, NULL,
                   _("my learner record: the details you hold about me, such as my names, date "
                     "of birth, addresses and any linked Unique Learner Numbers;"));
      if (self->items & PLR_RIGHTS_ITEM_ACCESS_LOG)
        add_block (blocks, BLOCK_BULLET, NULL,
                   _("the access log of my record: every organisation that viewed it or was "
                     "sent it, with the date and time, the user and the reason given;"));
      if (self->items & PLR_RIGHTS_ITEM_SHARING_FLAG)
        add_block (blocks, BLOCK_BULLET, NULL,
                   _("my sharing flag (whether organisations may see my learning events) and "
                     "its history: when it was set or changed, and by whom;"));
      if (self->items & PLR_RIGHTS_ITEM_SOURCES)
        add_block (blocks, BLOCK_BULLET, NULL,
                   _("where each part of my record came from, such as my learning providers, "
                     "awarding organisations, the Individualised Learner Record or the National "
                     "Pupil Database;"));
      if (self->items & PLR_RIGHTS_ITEM_RECIPIENTS)
        add_block (blocks, BLOCK_BULLET, NULL,
                   _("the organisations you have disclosed my data to, or may disclose it to, "
                     "and why."));
    }
  else
    {
      add_block (blocks, BLOCK_PARAGRAPH, NULL,
                 _("In particular, please include any data about me that you received from "
                   "the Department for Education or linked with it, for example from my "
                   "Personal Learning Record, the Individualised Learner Record or the "
                   "Longitudinal Education Outcomes (LEO) study:"));
      add_block (blocks, BLOCK_BULLET, NULL, _("the data itself, with every field you hold;"));
      if (self->items & PLR_RIGHTS_ITEM_SOURCES)
        add_block (blocks, BLOCK_BULLET, NULL, _("where each part of it came from;"));
      if (self->items & PLR_RIGHTS_ITEM_RECIPIENTS)
        add_block (blocks, BLOCK_BULLET, NULL,
                   _("the organisations you have disclosed it to, or may disclose it to, and "
                     "why."));
    }

  if (self->format == PLR_RIGHTS_FORMAT_PAPER)
    add_block (blocks, BLOCK_PARAGRAPH, NULL,
               _("Please send it to me on paper, by post, to the address below."));
  else
    add_block (blocks, BLOCK_PARAGRAPH, NULL,
               _("Please send it to me electronically, by email: documents as PDF, and the data "
                 "itself in a commonly used machine-readable format such as CSV, JSON or XML."));
}

static void
add_objection_body (PlrRightsLetter *self,
                    GPtrArray       *blocks)
{
  if (holds_the_plr (self))
    add_block (blocks, BLOCK_PARAGRAPH, NULL,
               _("I object, under Article 21(1) of the UK General Data Protection Regulation "
                 "(UK GDPR), to the sharing of the learning events in my Personal Learning "
                 "Record with organisations through the Learning Records Service."));
  else
    add_block (blocks, BLOCK_PARAGRAPH, NULL,
               _("I object, under Article 21(1) of the UK General Data Protection Regulation "
                 "(UK GDPR), to your processing of personal data about me that you received "
                 "from the Department for Education or linked with it, such as in the "
                 "Longitudinal Education Outcomes (LEO) study."));

  add_block (blocks, BLOCK_PARAGRAPH, NULL,
             _("This processing is done for a task in the public interest (Article 6(1)(e)). "
               "Article 21(1) lets me object to it on grounds relating to my particular "
               "situation. My grounds are:"));

  if (self->reasons != NULL)
    add_block (blocks, BLOCK_PARAGRAPH, NULL, self->reasons);
  else
    add_block (blocks, BLOCK_PLACEHOLDER, NULL,
               _("[In your own words: why this use of your data affects you in particular]"));

  if (holds_the_plr (self))
    add_block (blocks, BLOCK_PARAGRAPH, NULL,
               _("Please stop this processing unless you can show compelling legitimate grounds "
                 "that override my interests, rights and freedoms, and record my objection so "
                 "that organisations get none of my learning events, as the opt-out from "
                 "sharing did. While you consider this, please restrict the processing of my "
                 "data (Article 18(1)(d))."));
  else
    add_block (blocks, BLOCK_PARAGRAPH, NULL,
               _("Please stop this processing unless you can show compelling legitimate grounds "
                 "that override my interests, rights and freedoms. While you consider this, "
                 "please restrict the processing of my data (Article 18(1)(d))."));
}

static GPtrArray *
build_blocks (PlrRightsLetter *self)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  g_autoptr(GString) sender = g_string_new (self->name ? self->name : _("[Your full name]"));
  g_autofree char *dated = plr_date_format_long (self->dated);
  g_autofree char *due_text = NULL;
  g_autofree char *received_text = NULL;
  g_autofree char *deadline = NULL;
  GDate received;
  GDate due;

  if (self->address)
    g_string_append_printf (sender, "\n%s", self->address);
  if (self->email)
    g_string_append_printf (sender, "\n%s", self->email);
  add_block (blocks, BLOCK_SENDER, NULL, sender->str);
  add_block (blocks, BLOCK_DATE, NULL, dated);
  add_addressee (self, blocks);

  if (self->kind == PLR_RIGHTS_LETTER_SUBJECT_ACCESS)
    {
      add_block (blocks, BLOCK_HEADING, NULL, _("Subject access request"));
      add_block (blocks, BLOCK_SUBJECT, NULL,
                 holds_the_plr (self)
                 ? _("My Personal Learning Record and the data about me in the Learning "
                     "Records Service")
                 : _("Personal data about me from the Department for Education"));
    }
  else
    {
      add_block (blocks, BLOCK_HEADING, NULL, _("Objection to processing"));
      add_block (blocks, BLOCK_SUBJECT, NULL,
                 holds_the_plr (self)
                 ? _("The sharing of my Personal Learning Record (UK GDPR Article 21)")
                 : _("Personal data about me from the Department for Education (UK GDPR "
                     "Article 21)"));
    }

  add_block (blocks, BLOCK_PARAGRAPH, NULL, _("Dear Data Protection Officer,"));

  if (self->kind == PLR_RIGHTS_LETTER_SUBJECT_ACCESS)
    add_subject_access_body (self, blocks);
  else
    add_objection_body (self, blocks);

  add_details (self, blocks);

  if (self->kind == PLR_RIGHTS_LETTER_SUBJECT_ACCESS)
    add_block (blocks, BLOCK_PARAGRAPH, NULL,
               _("If you need proof of my identity, please tell me promptly what you need."));

  g_date_clear (&received, 1);
  g_date_set_dmy (&received, g_date_time_get_day_of_month (self->dated),
                  g_date_time_get_month (self->dated), g_date_time_get_year (self->dated));
  plr_rights_response_due (&received, FALSE, &due);
  received_text = format_gdate (&received);
  due_text = format_gdate (&due);
  if (self->kind == PLR_RIGHTS_LETTER_SUBJECT_ACCESS)
    /* Translators: both are dates, such as "23 November 2026" and "23 December 2026" */
    deadline = g_strdup_printf (_("Article 12(3) of the UK GDPR gives you one calendar month "
                                  "from receiving this request to answer it. If it reaches "
                                  "you on %s, please answer by %s."), received_text, due_text);
  else
    /* Translators: both are dates, such as "23 November 2026" and "23 December 2026" */
    deadline = g_strdup_printf (_("Please tell me what you decide within one calendar month "
                                  "of receiving this letter (Article 12(3) of the UK GDPR). If "
                                  "it reaches you on %s, that is by %s."), received_text,
                                due_text);
  add_block (blocks, BLOCK_PARAGRAPH, NULL, deadline);

  add_block (blocks, BLOCK_CLOSING, NULL, _("Yours faithfully,"));
  add_block (blocks, BLOCK_SIGNATURE, NULL, self->name ? self->name : _("[Your full name]"));

  return g_steal_pointer (&blocks);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */

/**
 * plr_rights_letter_new:
 * @kind: a subject access request or an objection
 * @recipient: (nullable): the body it is addressed to, one that accepts
 *   subject access requests; %NULL leaves a placeholder
 *
 * Returns: (transfer full): a letter dated now, without the learner's details
 */
PlrRightsLetter *
plr_rights_letter_new (PlrRightsLetterKind  kind,
                       PlrRecipient        *recipient)
{
  g_return_val_if_fail (recipient == NULL || PLR_IS_RECIPIENT (recipient), NULL);

  return g_object_new (PLR_TYPE_RIGHTS_LETTER,
                       "kind", kind,
                       "recipient", recipient,
                       NULL);
}

/**
 * plr_rights_letter_get_kind:
 * @self: a #PlrRightsLetter
 *
 * Returns: which letter it is
 */
PlrRightsLetterKind
plr_rights_letter_get_kind (PlrRightsLetter *self)
{
  g_return_val_if_fail (PLR_IS_RIGHTS_LETTER (self), PLR_RIGHTS_LETTER_SUBJECT_ACCESS);
  return self->kind;
}

/**
 * plr_rights_letter_get_recipient:
 * @self: a #PlrRightsLetter
 *
 * Returns: (transfer none) (nullable): the body it is addressed to
 */
PlrRecipient *
plr_rights_letter_get_recipient (PlrRightsLetter *self)
{
  g_return_val_if_fail (PLR_IS_RIGHTS_LETTER (self), NULL);
  return self->recipient;
}

/**
 * plr_rights_letter_get_dated:
 * @self: a #PlrRightsLetter
 *
 * Returns: (transfer none): the letter's date
 */
GDateTime *
plr_rights_letter_get_dated (PlrRightsLetter *self)
{
  g_return_val_if_fail (PLR_IS_RIGHTS_LETTER (self), NULL);
  return self->dated;
}

/**
 * plr_rights_letter_compute_due_date:
 * @self: a #PlrRightsLetter
 * @due: (out caller-allocates): the last day to answer, if the body
 *   receives the letter on its date (as with an email)
 *
 * Returns: %TRUE if every bank holiday on the way was known
 */
gboolean
plr_rights_letter_compute_due_date (PlrRightsLetter *self,
                                GDate           *due)
{
  GDate received;

  g_return_val_if_fail (PLR_IS_RIGHTS_LETTER (self), FALSE);
  g_return_val_if_fail (due != NULL, FALSE);

  g_date_clear (&received, 1);
  g_date_set_dmy (&received, g_date_time_get_day_of_month (self->dated),
                  g_date_time_get_month (self->dated), g_date_time_get_year (self->dated));
  return plr_rights_response_due (&received, FALSE, due);
}

/**
 * plr_rights_letter_dup_subject:
 * @self: a #PlrRightsLetter
 *
 * Returns: (transfer full): the subject line for an email
 */
char *
plr_rights_letter_dup_subject (PlrRightsLetter *self)
{
  g_return_val_if_fail (PLR_IS_RIGHTS_LETTER (self), NULL);

  if (self->kind == PLR_RIGHTS_LETTER_OBJECTION)
    return g_strdup (_("Objection to processing (UK GDPR Article 21)"));

  if (holds_the_plr (self))
    return g_strdup (_("Subject access request: my Personal Learning Record"));

  return g_strdup (_("Subject access request"));
}

/**
 * plr_rights_letter_dup_file_name:
 * @self: a #PlrRightsLetter
 * @extension: "pdf" or "txt"
 *
 * Returns: (transfer full): a file name with the letter's date
 */
char *
plr_rights_letter_dup_file_name (PlrRightsLetter *self,
                                 const char      *extension)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (PLR_IS_RIGHTS_LETTER (self), NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  date = g_date_time_format (self->dated, "%Y-%m-%d");
  if (self->kind == PLR_RIGHTS_LETTER_OBJECTION)
    /* Translators: a file name; the first %s is a date such as 2026-11-23, the second "pdf" */
    return g_strdup_printf (_("objection-%s.%s"), date, extension);

  /* Translators: a file name; the first %s is a date such as 2026-11-23, the second "pdf" */
  return g_strdup_printf (_("subject-access-request-%s.%s"), date, extension);
}

/**
 * plr_rights_letter_render_text:
 * @self: a #PlrRightsLetter
 *
 * The letter as plain text, for the body of an email or to print: one
 * paragraph to a line, a blank line between paragraphs.
 *
 * Returns: (transfer full): the letter
 */
char *
plr_rights_letter_render_text (PlrRightsLetter *self)
{
  g_autoptr(GPtrArray) blocks = NULL;
  GString *text;
  BlockKind previous = BLOCK_SENDER;

  g_return_val_if_fail (PLR_IS_RIGHTS_LETTER (self), NULL);

  blocks = build_blocks (self);
  text = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      Block *block = g_ptr_array_index (blocks, i);

      /* Lists and the closing run on; everything else has a blank line. */
      if (i > 0 &&
          !(block->kind == previous &&
            (block->kind == BLOCK_BULLET || block->kind == BLOCK_FIELD)) &&
          !(previous == BLOCK_ADDRESSEE && block->kind == BLOCK_PLACEHOLDER) &&
          !(previous == BLOCK_HEADING && block->kind == BLOCK_SUBJECT) &&
          !(previous == BLOCK_CLOSING && block->kind == BLOCK_SIGNATURE))
        g_string_append_c (text, '\n');

      switch (block->kind)
        {
        case BLOCK_BULLET:
          g_string_append_printf (text, "• %s\n", block->text);
          break;
        case BLOCK_FIELD:
          g_string_append_printf (text, "%s: %s\n", block->label, block->text);
          break;
        case BLOCK_PLACEHOLDER:
          g_string_append_printf (text, "%s\n", block->text);
          if (block->label != NULL)
            /* Translators: where to find a body's current address */
            g_string_append_printf (text, _("(Where to look: %s)\n"), block->label);
          break;
        case BLOCK_HEADING:
          g_string_append_printf (text, "%s\n", block->text);
          break;
        case BLOCK_SUBJECT:
          /* Translators: the subject line of a letter, "Re: ..." */
          g_string_append_printf (text, _("Re: %s\n"), block->text);
          break;
        case BLOCK_SENDER:
        case BLOCK_DATE:
        case BLOCK_ADDRESSEE:
        case BLOCK_PARAGRAPH:
        case BLOCK_CLOSING:
        case BLOCK_SIGNATURE:
        default:
          g_string_append_printf (text, "%s\n", block->text);
          break;
        }

      previous = block->kind;
    }

  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------------------ */
/* PDF                                                                       */

typedef PlrPdfColor Color;

static const Color text_color = { 0.118, 0.118, 0.118 };
static const Color secondary_color = { 0.369, 0.361, 0.392 };
static const Color rule_color = { 0.776, 0.773, 0.765 };
static const Color accent_color = { 0.110, 0.443, 0.847 };
static const Color placeholder_fill = { 0.996, 0.965, 0.835 };
static const Color placeholder_edge = { 0.898, 0.647, 0.039 };

typedef enum
{
  STYLE_BODY,
  STYLE_BODY_BOLD,
  STYLE_HEADING,
  STYLE_SUBJECT,
  STYLE_LABEL,
  STYLE_SMALL,
  STYLE_PLACEHOLDER,
  N_STYLES
} Style;

/* Body text has room between its lines. */
static const PlrPdfFont styles[N_STYLES] = {
  [STYLE_BODY] = { FONT_FAMILY, 10.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 1.2 },
  [STYLE_BODY_BOLD] = { FONT_FAMILY, 10.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 1.2 },
  [STYLE_HEADING] = { FONT_FAMILY, 16.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0 },
  [STYLE_SUBJECT] = { FONT_FAMILY, 11.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0 },
  [STYLE_LABEL] = { FONT_FAMILY, 9.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0 },
  [STYLE_SMALL] = { FONT_FAMILY, 8.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0 },
  [STYLE_PLACEHOLDER] = { FONT_FAMILY, 10.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, 1.2 },
};

typedef struct
{
  PlrPdfDoc             pdf;
  PlrRightsLetter      *letter;
  GPtrArray            *blocks;
  double                y;
  double                label_width;   /* the field labels' column, from the widest */
  char                 *footer;
} Doc;

static void
doc_clear (Doc *doc)
{
  plr_pdf_doc_clear (&doc->pdf);
  g_clear_pointer (&doc->blocks, g_ptr_array_unref);
  g_clear_pointer (&doc->footer, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Doc, doc_clear)

static void
draw_footer (Doc *doc)
{
  plr_pdf_draw_footer (&doc->pdf, STYLE_SMALL, doc->footer, MARGIN_X, CONTENT_WIDTH,
                       FOOTER_RULE_Y, &rule_color, &secondary_color);
}

static void
next_page (Doc *doc)
{
  draw_footer (doc);
  plr_pdf_doc_show_page (&doc->pdf);

  doc->pdf.page++;
  doc->y = MARGIN_TOP;
}

/* A new page unless @height fits; an empty page takes anything. */
static void
ensure_space (Doc    *doc,
              double  height)
{
  if (doc->y + height <= CONTENT_BOTTOM || doc->y <= MARGIN_TOP)
    return;

  next_page (doc);
}

static void
draw_block (Doc   *doc,
            Block *block,
            Block *next)
{
  g_autoptr(PangoLayout) layout = NULL;
  double height;

  switch (block->kind)
    {
    case BLOCK_SENDER:
      {
        g_auto(GStrv) lines = g_strsplit (block->text, "\n", 2);
        g_autoptr(PangoLayout) name = plr_pdf_layout (&doc->pdf, STYLE_BODY_BOLD, lines[0],
                                                      SENDER_WIDTH);
        double x = MARGIN_X + CONTENT_WIDTH - SENDER_WIDTH;

        pango_layout_set_alignment (name, PANGO_ALIGN_RIGHT);
        plr_pdf_show (&doc->pdf, name, x, doc->y, &text_color);
        doc->y += plr_pdf_height (name);
        if (lines[1] != NULL)
          {
            layout = plr_pdf_layout (&doc->pdf, STYLE_BODY, lines[1], SENDER_WIDTH);
            pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
            plr_pdf_show (&doc->pdf, layout, x, doc->y, &secondary_color);
            doc->y += plr_pdf_height (layout);
          }
        doc->y += 18;
      }
      break;

    case BLOCK_DATE:
      layout = plr_pdf_layout (&doc->pdf, STYLE_BODY, block->text, SENDER_WIDTH);
      pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
      plr_pdf_show (&doc->pdf, layout, MARGIN_X + CONTENT_WIDTH - SENDER_WIDTH, doc->y,
                    &text_color);
      doc->y += plr_pdf_height (layout) + 22;
      break;

    case BLOCK_ADDRESSEE:
      layout = plr_pdf_layout (&doc->pdf, STYLE_BODY, block->text, CONTENT_WIDTH * 0.6);
      plr_pdf_show (&doc->pdf, layout, MARGIN_X, doc->y, &text_color);
      doc->y += plr_pdf_height (layout) + (next && next->kind == BLOCK_PLACEHOLDER ? 6 : 30);
      break;

    case BLOCK_PLACEHOLDER:
      {
        g_autoptr(PangoLayout) where = NULL;
        double width = CONTENT_WIDTH - 20;
        double box_height;

        layout = plr_pdf_layout (&doc->pdf, STYLE_PLACEHOLDER, block->text, width);
        box_height = plr_pdf_height (layout) + 12;
        if (block->label != NULL)
          {
            /* Translators: where to find a body's current address */
            g_autofree char *text = g_strdup_printf (_("Where to look: %s"), block->label);

            where = plr_pdf_layout (&doc->pdf, STYLE_SMALL, text, width);
            box_height += plr_pdf_height (where) + 3;
          }

        ensure_space (doc, box_height);
        plr_pdf_fill_rect (&doc->pdf, MARGIN_X, doc->y, CONTENT_WIDTH, box_height,
                           &placeholder_fill);
        plr_pdf_fill_rect (&doc->pdf, MARGIN_X, doc->y, 3, box_height, &placeholder_edge);
        plr_pdf_show (&doc->pdf, layout, MARGIN_X + 12, doc->y + 6, &text_color);
        if (where != NULL)
          plr_pdf_show (&doc->pdf, where, MARGIN_X + 12, doc->y + 6 + plr_pdf_height (layout) + 3,
                        &secondary_color);
        doc->y += box_height + (next && next->kind == BLOCK_HEADING ? 26 : 12);
      }
      break;

    case BLOCK_HEADING:
      layout = plr_pdf_layout (&doc->pdf, STYLE_HEADING, block->text, CONTENT_WIDTH);
      height = plr_pdf_height (layout);
      ensure_space (doc, height + 40);
      plr_pdf_heading_begin (&doc->pdf, 1, block->text, doc->y);
      plr_pdf_show (&doc->pdf, layout, MARGIN_X, doc->y, &text_color);
      plr_pdf_heading_end (&doc->pdf, 1);
      doc->y += height + 2;
      plr_pdf_fill_rect (&doc->pdf, MARGIN_X, doc->y, 36, 2, &accent_color);
      doc->y += 8;
      break;

    case BLOCK_SUBJECT:
      layout = plr_pdf_layout (&doc->pdf, STYLE_SUBJECT, block->text, CONTENT_WIDTH);
      height = plr_pdf_height (layout);
      ensure_space (doc, height);
      plr_pdf_show (&doc->pdf, layout, MARGIN_X, doc->y, &secondary_color);
      doc->y += height + 18;
      break;

    case BLOCK_BULLET:
      {
        g_autoptr(PangoLayout) bullet = plr_pdf_layout (&doc->pdf, STYLE_BODY, "•", -1);

        layout = plr_pdf_layout (&doc->pdf, STYLE_BODY, block->text,
                                 CONTENT_WIDTH - BULLET_INDENT * 2);
        height = plr_pdf_height (layout);
        ensure_space (doc, height);
        plr_pdf_show (&doc->pdf, bullet, MARGIN_X + BULLET_INDENT * 0.4, doc->y, &text_color);
        plr_pdf_show (&doc->pdf, layout, MARGIN_X + BULLET_INDENT * 1.4, doc->y, &text_color);
        doc->y += height + (next && next->kind == BLOCK_BULLET ? 4 : 10);
      }
      break;

    case BLOCK_FIELD:
      {
        g_autoptr(PangoLayout) label = plr_pdf_layout (&doc->pdf, STYLE_LABEL, block->label,
                                                       doc->label_width - 12);

        layout = plr_pdf_layout (&doc->pdf, STYLE_BODY_BOLD, block->text,
                                 CONTENT_WIDTH - doc->label_width);
        height = MAX (plr_pdf_height (label), plr_pdf_height (layout));
        ensure_space (doc, height);
        plr_pdf_show (&doc->pdf, label, MARGIN_X + BULLET_INDENT * 0.4, doc->y + 1,
                      &secondary_color);
        plr_pdf_show (&doc->pdf, layout, MARGIN_X + doc->label_width, doc->y, &text_color);
        doc->y += height + (next && next->kind == BLOCK_FIELD ? 3 : 12);
      }
      break;

    case BLOCK_CLOSING:
      layout = plr_pdf_layout (&doc->pdf, STYLE_BODY, block->text, CONTENT_WIDTH);
      height = plr_pdf_height (layout);
      /* Keep the closing, room to sign and the name together. */
      ensure_space (doc, height * 3 + 40);
      plr_pdf_show (&doc->pdf, layout, MARGIN_X, doc->y, &text_color);
      doc->y += height + 40;
      break;

    case BLOCK_SIGNATURE:
      layout = plr_pdf_layout (&doc->pdf, STYLE_BODY_BOLD, block->text, CONTENT_WIDTH);
      plr_pdf_show (&doc->pdf, layout, MARGIN_X, doc->y, &text_color);
      doc->y += plr_pdf_height (layout);
      break;

    case BLOCK_PARAGRAPH:
    default:
      layout = plr_pdf_layout (&doc->pdf, STYLE_BODY, block->text, CONTENT_WIDTH);
      height = plr_pdf_height (layout);
      /* An introduction stays with the first line of its list. */
      if (next && (next->kind == BLOCK_BULLET || next->kind == BLOCK_FIELD))
        ensure_space (doc, height + 36);
      else
        ensure_space (doc, height);
      plr_pdf_show (&doc->pdf, layout, MARGIN_X, doc->y, &text_color);
      doc->y += height + (next && (next->kind == BLOCK_BULLET || next->kind == BLOCK_FIELD)
                          ? 6 : 10);
      break;
    }
}

static void
draw_document (Doc *doc)
{
  doc->pdf.page = 1;
  doc->y = MARGIN_TOP;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);
      Block *previous = i > 0 ? g_ptr_array_index (doc->blocks, i - 1) : NULL;
      Block *next = i + 1 < doc->blocks->len ? g_ptr_array_index (doc->blocks, i + 1) : NULL;
      gboolean bullet = block->kind == BLOCK_BULLET;
      /* The heading tags itself, where it lands after a page break. */
      const char *tag = block->kind == BLOCK_HEADING ? NULL : bullet ? "LI" : "P";

      if (bullet && (previous == NULL || previous->kind != BLOCK_BULLET))
        plr_pdf_tag_begin (&doc->pdf, "L");
      if (tag != NULL)
        plr_pdf_tag_begin (&doc->pdf, tag);
      draw_block (doc, block, next);
      if (tag != NULL)
        plr_pdf_tag_end (&doc->pdf, tag);
      if (bullet && (next == NULL || next->kind != BLOCK_BULLET))
        plr_pdf_tag_end (&doc->pdf, "L");
    }

  draw_footer (doc);
}

static void
setup_doc (Doc             *doc,
           PlrRightsLetter *letter,
           cairo_t         *cr)
{
  g_autofree char *subject = plr_rights_letter_dup_subject (letter);
  g_autofree char *dated = plr_date_format_long (letter->dated);

  doc->letter = letter;
  doc->blocks = build_blocks (letter);
  plr_pdf_doc_init (&doc->pdf, cr, styles, N_STYLES);
  doc->label_width = MIN_LABEL_WIDTH;
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      if (block->kind == BLOCK_FIELD)
        {
          g_autoptr(PangoLayout) label = plr_pdf_layout (&doc->pdf, STYLE_LABEL, block->label, -1);

          doc->label_width = CLAMP (plr_pdf_width (label) + BULLET_INDENT * 0.4 + 16,
                                    doc->label_width, MAX_LABEL_WIDTH);
        }
    }

  /* Translators: a letter's footer: "Subject access request · 23 November 2026" */
  doc->footer = g_strdup_printf (_("%s · %s"), subject, dated);
}

/**
 * plr_rights_letter_render_pdf:
 * @self: a #PlrRightsLetter
 * @stream: where to write the PDF
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the letter as an A4 PDF, ready to print and sign. @stream is not
 * closed.
 *
 * Returns: %TRUE on success; on failure @error holds the stream's error,
 *   or %PLR_RIGHTS_LETTER_ERROR_FAILED
 */
gboolean
plr_rights_letter_render_pdf (PlrRightsLetter  *self,
                              GOutputStream    *stream,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_auto(Doc) doc = { { NULL, }, };
  g_autofree char *subject = NULL;
  g_autoptr(GError) local_error = NULL;
  PlrPdfOutput output;
  cairo_t *cr;

  g_return_val_if_fail (PLR_IS_RIGHTS_LETTER (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  subject = plr_rights_letter_dup_subject (self);
  cr = plr_pdf_begin (&output, stream, cancellable, subject);
  plr_pdf_set_subject (cr, _("A letter using your rights over your personal data"));
  /* The learner's letter: their name, when they gave it, is its author. */
  plr_pdf_set_author (cr, self->name);
  setup_doc (&doc, self, cr);
  plr_pdf_draw_passes (&doc.pdf, (PlrPdfDrawFunc) draw_document, &doc);

  if (plr_pdf_end (&output, cr, &local_error))
    return TRUE;

  if (g_error_matches (local_error, PLR_PDF_ERROR, PLR_PDF_ERROR_CAIRO))
    g_set_error (error, PLR_RIGHTS_LETTER_ERROR, PLR_RIGHTS_LETTER_ERROR_FAILED,
                 _("Could not make the letter: %s"), local_error->message);
  else
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                _("Could not write the letter: "));
  return FALSE;
}

/**
 * plr_rights_letter_render_pdf_to_file:
 * @self: a #PlrRightsLetter
 * @file: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the PDF to @file, replacing it only once the whole letter is made.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_rights_letter_render_pdf_to_file (PlrRightsLetter  *self,
                                      GFile            *file,
                                      GCancellable     *cancellable,
                                      GError          **error)
{
  g_autoptr(GOutputStream) memory = NULL;

  g_return_val_if_fail (PLR_IS_RIGHTS_LETTER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  memory = g_memory_output_stream_new_resizable ();
  if (!plr_rights_letter_render_pdf (self, memory, cancellable, error))
    return FALSE;

  return plr_pdf_save (memory, file, cancellable, error);
}
