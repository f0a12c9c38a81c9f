/* plr-sample-data.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The tables the sample generator (plr-sample.c) picks from: places,
 * people, providers, awarding organisations and qualifications. Private to
 * plr-sample.c, which is the only file that includes it; kept apart so that
 * the generator's logic reads on its own. */

#pragma once

#include <glib.h>

/* ------------------------------------------------------------------------ */
/* Places, people and organisations                                          */

typedef enum
{
  REGION_ENGLAND,
  REGION_WALES,
  REGION_NI,
  N_REGIONS
} Region;

#define IN_ENGLAND (1 << REGION_ENGLAND)
#define IN_WALES   (1 << REGION_WALES)
#define IN_NI      (1 << REGION_NI)
#define EVERYWHERE (IN_ENGLAND | IN_WALES | IN_NI)

typedef enum
{
  CULTURE_ENGLISH,
  CULTURE_WELSH,
  CULTURE_IRISH,
  CULTURE_POLISH,
  CULTURE_WEST_AFRICAN,
  CULTURE_SOUTH_ASIAN,
} Culture;

typedef struct
{
  const char *name;
  const char *short_form;  /* a name some go by, or NULL */
  guint8      gender;      /* 1 male, 2 female */
  guint8      culture;
} GivenName;

static const GivenName given_names[] = {
  { "Siân", NULL, 2, CULTURE_WELSH },
  { "Gwenllïan", "Gwen", 2, CULTURE_WELSH },
  { "Bethan", "Beth", 2, CULTURE_WELSH },
  { "Ffion", NULL, 2, CULTURE_WELSH },
  { "Catrin", "Cat", 2, CULTURE_WELSH },
  { "Elin", NULL, 2, CULTURE_WELSH },
  { "Cerys", NULL, 2, CULTURE_WELSH },
  { "Rhiannon", "Rhi", 2, CULTURE_WELSH },
  { "Angharad", NULL, 2, CULTURE_WELSH },
  { "Lowri", NULL, 2, CULTURE_WELSH },
  { "Llŷr", NULL, 1, CULTURE_WELSH },
  { "Rhys", NULL, 1, CULTURE_WELSH },
  { "Dafydd", "Dai", 1, CULTURE_WELSH },
  { "Iolo", NULL, 1, CULTURE_WELSH },
  { "Aled", NULL, 1, CULTURE_WELSH },
  { "Owain", NULL, 1, CULTURE_WELSH },
  { "Gruffudd", "Guto", 1, CULTURE_WELSH },
  { "Tomos", "Tom", 1, CULTURE_WELSH },
  { "Osian", NULL, 1, CULTURE_WELSH },
  { "Gethin", NULL, 1, CULTURE_WELSH },

  { "Aoife", NULL, 2, CULTURE_IRISH },
  { "Niamh", NULL, 2, CULTURE_IRISH },
  { "Siobhán", NULL, 2, CULTURE_IRISH },
  { "Saoirse", NULL, 2, CULTURE_IRISH },
  { "Róisín", NULL, 2, CULTURE_IRISH },
  { "Caoimhe", NULL, 2, CULTURE_IRISH },
  { "Órla", NULL, 2, CULTURE_IRISH },
  { "Méabh", NULL, 2, CULTURE_IRISH },
  { "Seán", NULL, 1, CULTURE_IRISH },
  { "Ciarán", NULL, 1, CULTURE_IRISH },
  { "Pádraig", "Paddy", 1, CULTURE_IRISH },
  { "Oisín", NULL, 1, CULTURE_IRISH },
  { "Eoghan", NULL, 1, CULTURE_IRISH },
  { "Darragh", NULL, 1, CULTURE_IRISH },
  { "Tadhg", NULL, 1, CULTURE_IRISH },
  { "Rónán", NULL, 1, CULTURE_IRISH },

  { "Amelia", "Millie", 2, CULTURE_ENGLISH },
  { "Olivia", "Liv", 2, CULTURE_ENGLISH },
  { "Isla", NULL, 2, CULTURE_ENGLISH },
  { "Zoë", NULL, 2, CULTURE_ENGLISH },
  { "Hannah", NULL, 2, CULTURE_ENGLISH },
  { "Grace", NULL, 2, CULTURE_ENGLISH },
  { "Chloé", NULL, 2, CULTURE_ENGLISH },
  { "Eleanor", "Ellie", 2, CULTURE_ENGLISH },
  { "Oliver", "Ollie", 1, CULTURE_ENGLISH },
  { "Jack", NULL, 1, CULTURE_ENGLISH },
  { "Harry", NULL, 1, CULTURE_ENGLISH },
  { "Noah", NULL, 1, CULTURE_ENGLISH },
  { "Thomas", "Tom", 1, CULTURE_ENGLISH },
  { "Daniel", "Dan", 1, CULTURE_ENGLISH },
  { "Joseph", "Joe", 1, CULTURE_ENGLISH },
  { "Alfie", NULL, 1, CULTURE_ENGLISH },

  { "Aleksandra", "Ola", 2, CULTURE_POLISH },
  { "Zofia", NULL, 2, CULTURE_POLISH },
  { "Małgorzata", "Gosia", 2, CULTURE_POLISH },
  { "Jakub", "Kuba", 1, CULTURE_POLISH },
  { "Michał", NULL, 1, CULTURE_POLISH },
  { "Wojciech", "Wojtek", 1, CULTURE_POLISH },

  { "Amara", NULL, 2, CULTURE_WEST_AFRICAN },
  { "Chiamaka", NULL, 2, CULTURE_WEST_AFRICAN },
  { "Abena", NULL, 2, CULTURE_WEST_AFRICAN },
  { "Adaeze", "Ada", 2, CULTURE_WEST_AFRICAN },
  { "Chidi", NULL, 1, CULTURE_WEST_AFRICAN },
  { "Kwame", NULL, 1, CULTURE_WEST_AFRICAN },
  { "Emeka", NULL, 1, CULTURE_WEST_AFRICAN },
  { "Kofi", NULL, 1, CULTURE_WEST_AFRICAN },

  { "Priya", NULL, 2, CULTURE_SOUTH_ASIAN },
  { "Fatima", NULL, 2, CULTURE_SOUTH_ASIAN },
  { "Aisha", NULL, 2, CULTURE_SOUTH_ASIAN },
  { "Ananya", NULL, 2, CULTURE_SOUTH_ASIAN },
  { "Arjun", NULL, 1, CULTURE_SOUTH_ASIAN },
  { "Zain", NULL, 1, CULTURE_SOUTH_ASIAN },
  { "Mohammed", "Mo", 1, CULTURE_SOUTH_ASIAN },
  { "Imran", NULL, 1, CULTURE_SOUTH_ASIAN },
};

typedef struct
{
  const char *name;
  const char *feminine;  /* the form a woman's surname takes, or NULL */
  guint8      culture;
} FamilyName;

static const FamilyName family_names[] = {
  { "Jones", NULL, CULTURE_WELSH },
  { "Williams", NULL, CULTURE_WELSH },
  { "Davies", NULL, CULTURE_WELSH },
  { "Evans", NULL, CULTURE_WELSH },
  { "Roberts", NULL, CULTURE_WELSH },
  { "Hughes", NULL, CULTURE_WELSH },
  { "Rhys-Jones", NULL, CULTURE_WELSH },
  { "ap Gwilym", NULL, CULTURE_WELSH },
  { "Llywelyn", NULL, CULTURE_WELSH },
  { "Prys", NULL, CULTURE_WELSH },
  { "Pritchard", NULL, CULTURE_WELSH },
  { "Lloyd", NULL, CULTURE_WELSH },
  { "Vaughan", NULL, CULTURE_WELSH },
  { "Parry", NULL, CULTURE_WELSH },

  { "Ó Súilleabháin", "Ní Shúilleabháin", CULTURE_IRISH },
  { "Mac Giolla Phádraig", "Nic Giolla Phádraig", CULTURE_IRISH },
  { "Ó Briain", "Ní Bhriain", CULTURE_IRISH },
  { "Ó Néill", "Ní Néill", CULTURE_IRISH },
  { "Mac Cárthaigh", "Nic Cárthaigh", CULTURE_IRISH },
  { "Ó Dónaill", "Ní Dhónaill", CULTURE_IRISH },
  { "D'Arcy", NULL, CULTURE_IRISH },
  { "O'Neill", NULL, CULTURE_IRISH },
  { "O'Sullivan", NULL, CULTURE_IRISH },
  { "Fitzpatrick", NULL, CULTURE_IRISH },
  { "Gallagher", NULL, CULTURE_IRISH },
  { "McLaughlin", NULL, CULTURE_IRISH },

  { "Smith", NULL, CULTURE_ENGLISH },
  { "Taylor", NULL, CULTURE_ENGLISH },
  { "Brown", NULL, CULTURE_ENGLISH },
  { "Wilson", NULL, CULTURE_ENGLISH },
  { "Clarke", NULL, CULTURE_ENGLISH },
  { "Walker", NULL, CULTURE_ENGLISH },
  { "Wright", NULL, CULTURE_ENGLISH },
  { "Hall", NULL, CULTURE_ENGLISH },
  { "Ashworth", NULL, CULTURE_ENGLISH },
  { "Taylor-Brown", NULL, CULTURE_ENGLISH },
  { "St John", NULL, CULTURE_ENGLISH },

  { "Kowalski", "Kowalska", CULTURE_POLISH },
  { "Wiśniewski", "Wiśniewska", CULTURE_POLISH },
  { "Zieliński", "Zielińska", CULTURE_POLISH },
  { "Nowak", NULL, CULTURE_POLISH },
  { "Wójcik", NULL, CULTURE_POLISH },

  { "Okafor", NULL, CULTURE_WEST_AFRICAN },
  { "Mensah", NULL, CULTURE_WEST_AFRICAN },
  { "Adeyemi", NULL, CULTURE_WEST_AFRICAN },
  { "Boateng", NULL, CULTURE_WEST_AFRICAN },
  { "Nwosu", NULL, CULTURE_WEST_AFRICAN },
  { "Owusu", NULL, CULTURE_WEST_AFRICAN },

  { "Patel", NULL, CULTURE_SOUTH_ASIAN },
  { "Khan", NULL, CULTURE_SOUTH_ASIAN },
  { "Ahmed", NULL, CULTURE_SOUTH_ASIAN },
  { "Hussain", NULL, CULTURE_SOUTH_ASIAN },
  { "Sharma", NULL, CULTURE_SOUTH_ASIAN },
  { "Iqbal", NULL, CULTURE_SOUTH_ASIAN },
};

typedef struct
{
  const char *name;
  const char *welsh_name;   /* or NULL when the same */
  const char *county;
  const char *area;         /* postcode area */
  guint8      district_min;
  guint8      district_max;
  guint8      region;
  const char *localities[3];
} Town;

static const Town towns[] = {
  { "Swansea", "Abertawe", "Swansea", "SA", 1, 7, REGION_WALES,
    { "Sketty", "Uplands", "Townhill" } },
  { "Cardiff", "Caerdydd", "Cardiff", "CF", 5, 24, REGION_WALES,
    { "Canton", "Roath", "Whitchurch" } },
  { "Newport", "Casnewydd", "Newport", "NP", 10, 20, REGION_WALES,
    { "Maindee", "Malpas", "Caerleon" } },
  { "Caernarfon", NULL, "Gwynedd", "LL", 54, 55, REGION_WALES,
    { "Twthill", "Y Felinheli", "Bontnewydd" } },
  { "Bangor", NULL, "Gwynedd", "LL", 57, 57, REGION_WALES,
    { "Hirael", "Upper Bangor", "Maesgeirchen" } },
  { "Aberystwyth", NULL, "Ceredigion", "SY", 23, 23, REGION_WALES,
    { "Penparcau", "Llanbadarn Fawr", "Waunfawr" } },
  { "Carmarthen", "Caerfyrddin", "Carmarthenshire", "SA", 31, 33, REGION_WALES,
    { "Johnstown", "Llangain", "Abergwili" } },
  { "Wrexham", "Wrecsam", "Wrexham", "LL", 11, 14, REGION_WALES,
    { "Rhosddu", "Acton", "Gwersyllt" } },
  { "Pontypridd", NULL, "Rhondda Cynon Taf", "CF", 37, 38, REGION_WALES,
    { "Treforest", "Cilfynydd", "Trallwng" } },
  { "Llanelli", NULL, "Carmarthenshire", "SA", 14, 15, REGION_WALES,
    { "Felinfoel", "Dafen", "Pwll" } },

  { "Manchester", NULL, "Greater Manchester", "M", 1, 40, REGION_ENGLAND,
    { "Chorlton", "Didsbury", "Levenshulme" } },
  { "Leeds", NULL, "West Yorkshire", "LS", 1, 28, REGION_ENGLAND,
    { "Headingley", "Armley", "Roundhay" } },
  { "Bristol", NULL, "Bristol", "BS", 1, 16, REGION_ENGLAND,
    { "Bedminster", "Easton", "Southville" } },
  { "Birmingham", NULL, "West Midlands", "B", 1, 45, REGION_ENGLAND,
    { "Moseley", "Erdington", "Small Heath" } },
  { "Newcastle upon Tyne", NULL, "Tyne and Wear", "NE", 1, 15, REGION_ENGLAND,
    { "Heaton", "Jesmond", "Byker" } },
  { "Norwich", NULL, "Norfolk", "NR", 1, 14, REGION_ENGLAND,
    { "Thorpe St Andrew", "Eaton", "Mile Cross" } },
  { "Exeter", NULL, "Devon", "EX", 1, 6, REGION_ENGLAND,
    { "Heavitree", "St Thomas", "Pinhoe" } },
  { "Liverpool", NULL, "Merseyside", "L", 1, 25, REGION_ENGLAND,
    { "Anfield", "Wavertree", "Walton" } },
  { "Sheffield", NULL, "South Yorkshire", "S", 1, 14, REGION_ENGLAND,
    { "Hillsborough", "Crookes", "Darnall" } },
  { "Hereford", NULL, "Herefordshire", "HR", 1, 4, REGION_ENGLAND,
    { "Whitecross", "Tupsley", "Belmont" } },

  { "Belfast", NULL, "County Antrim", "BT", 1, 17, REGION_NI,
    { "Ormeau", "Ballyhackamore", "Andersonstown" } },
  { "Newry", NULL, "County Down", "BT", 34, 35, REGION_NI,
    { "Derrybeg", "Daisy Hill", "Bessbrook" } },
  { "Armagh", NULL, "County Armagh", "BT", 60, 61, REGION_NI,
    { "Mullacreevie", "Drumarg", "Richhill" } },
  { "Enniskillen", NULL, "County Fermanagh", "BT", 74, 74, REGION_NI,
    { "Cornagrade", "Derrychara", "Killyhevlin" } },
  { "Omagh", NULL, "County Tyrone", "BT", 78, 79, REGION_NI,
    { "Killyclogher", "Lisanelly", "Campsie" } },
};

static const char * const streets[N_REGIONS][11] = {
  [REGION_ENGLAND] = {
    "Church Lane", "Victoria Road", "Station Road", "Park Avenue", "Mill Street",
    "St John's Close", "Queen's Drive", "Albert Terrace", "Green Lane", "Orchard Way",
    "Beech Grove",
  },
  [REGION_WALES] = {
    "Heol y Frenhines", "Stryd Fawr", "Ffordd Pen-y-bryn", "Heol Las", "Lôn Isaf",
    "Maes y Coed", "Clos Cae'r Wern", "Heol yr Ysgol", "Rhodfa'r Môr", "Station Road",
    "Church Street",
  },
  [REGION_NI] = {
    "Main Street", "Castle Street", "Lisburn Road", "Ormeau Road", "Church Road",
    "Hill Street", "Mourne View", "Dublin Road", "Mill Lane", "Meadow Park",
    "Ashgrove Avenue",
  },
};

/* Birthplaces outside the three nations whose records the LRS holds. */
typedef struct
{
  const char *name;
  const char *nationality;
  guint8      culture;
  gboolean    scottish;   /* has a Scottish Candidate Number */
} BirthPlace;

static const BirthPlace birth_places_elsewhere[] = {
  { "Glasgow", "British", CULTURE_ENGLISH, TRUE },
  { "Edinburgh", "British", CULTURE_ENGLISH, TRUE },
  { "Aberdeen", "British", CULTURE_ENGLISH, TRUE },
  { "Dublin", "Irish", CULTURE_IRISH, FALSE },
  { "Cork", "Irish", CULTURE_IRISH, FALSE },
  { "Kraków", "Polish", CULTURE_POLISH, FALSE },
  { "Gdańsk", "Polish", CULTURE_POLISH, FALSE },
  { "Lagos", "Nigerian", CULTURE_WEST_AFRICAN, FALSE },
  { "Accra", "Ghanaian", CULTURE_WEST_AFRICAN, FALSE },
  { "Lahore", "Pakistani", CULTURE_SOUTH_ASIAN, FALSE },
  { "Kochi", "Indian", CULTURE_SOUTH_ASIAN, FALSE },
};

typedef enum
{
  AO_AQA,
  AO_PEARSON,
  AO_PEARSON_BTEC,
  AO_OCR,
  AO_WJEC,
  AO_EDUQAS,
  AO_CCEA,
  AO_CITY_GUILDS,
  AO_NCFE,
  AO_HIGHFIELD,
  AO_AGORED,
  AO_ACTIVE_IQ,
  AO_IMI,
  AO_EAL,
  AO_QUALSAFE,
  AO_TQUK,
  AO_BCS,
  AO_ASCENTIS,
  N_AWARDING_ORGS
} AwardingOrgId;

typedef struct
{
  const char *name;
  const char *prefix;        /* how its qualification titles begin */
  const char *legacy_name;   /* as older loads name it, or NULL */
  const char *legacy_code;   /* the six-digit code older loads carry, or NULL */
} AwardingOrg;

static const AwardingOrg awarding_orgs[N_AWARDING_ORGS] = {
  [AO_AQA] = { "AQA Education", "AQA", "Assessment and Qualifications Alliance", "100062" },
  [AO_PEARSON] = { "Pearson Education Ltd", "Pearson Edexcel", "EDEXCEL Foundation", "100060" },
  [AO_PEARSON_BTEC] = { "Pearson Education Ltd", "Pearson BTEC", "EDEXCEL Foundation", "100060" },
  [AO_OCR] = { "Oxford Cambridge and RSA Examinations", "OCR",
               "Oxford,Cambridge and RSA Examinations", "100061" },
  [AO_WJEC] = { "WJEC/CBAC", "WJEC", "Welsh Joint Education Committee", "100040" },
  [AO_EDUQAS] = { "WJEC/CBAC", "WJEC Eduqas", "Welsh Joint Education Committee", "100040" },
  [AO_CCEA] = { "Council for the Curriculum, Examinations and Assessment", "CCEA", NULL, NULL },
  [AO_CITY_GUILDS] = { "City & Guilds", "City & Guilds", NULL, NULL },
  [AO_NCFE] = { "NCFE", "NCFE", NULL, NULL },
  [AO_HIGHFIELD] = { "Highfield Qualifications", "Highfield", NULL, NULL },
  [AO_AGORED] = { "Agored Cymru", "Agored Cymru", NULL, NULL },
  [AO_ACTIVE_IQ] = { "Active IQ", "Active IQ", NULL, NULL },
  [AO_IMI] = { "Institute of the Motor Industry", "IMI", NULL, NULL },
  [AO_EAL] = { "Excellence, Achievement & Learning Limited", "EAL", NULL, NULL },
  [AO_QUALSAFE] = { "Qualsafe Awards", "Qualsafe", NULL, NULL },
  [AO_TQUK] = { "Training Qualifications UK", "TQUK", NULL, NULL },
  [AO_BCS] = { "BCS, The Chartered Institute for IT", "BCS", NULL, NULL },
  [AO_ASCENTIS] = { "Ascentis", "Ascentis", NULL, NULL },
};

typedef enum
{
  PROVIDER_SCHOOL,
  PROVIDER_COLLEGE,
  PROVIDER_TRAINING,
} ProviderKind;

typedef enum
{
  MEDIUM_ENGLISH,
  MEDIUM_WELSH,
  MEDIUM_IRISH,
} Medium;

typedef struct
{
  const char *name;
  guint8      region;
  guint8      kind;
  guint8      medium;
  gboolean    sixth_form;
  const char *serves;   /* the towns of a school or college, or NULL */
} Provider;

static const Provider providers[] = {
  { "Ysgol Gyfun Gŵyr", REGION_WALES, PROVIDER_SCHOOL, MEDIUM_WELSH, TRUE,
    "Swansea" },
  { "Ysgol Gyfun Gymraeg Glantaf", REGION_WALES, PROVIDER_SCHOOL, MEDIUM_WELSH, TRUE,
    "Cardiff" },
  { "Ysgol Gyfun Cwm Rhymni", REGION_WALES, PROVIDER_SCHOOL, MEDIUM_WELSH, TRUE },
  { "Ysgol Glan Clwyd", REGION_WALES, PROVIDER_SCHOOL, MEDIUM_WELSH, TRUE },
  { "Ysgol Syr Hugh Owen", REGION_WALES, PROVIDER_SCHOOL, MEDIUM_WELSH, TRUE,
    "Caernarfon" },
  { "Ysgol Friars", REGION_WALES, PROVIDER_SCHOOL, MEDIUM_ENGLISH, TRUE,
    "Bangor" },
  { "Bishop Vaughan Catholic School", REGION_WALES, PROVIDER_SCHOOL, MEDIUM_ENGLISH, FALSE,
    "Swansea" },
  { "Cardiff High School", REGION_WALES, PROVIDER_SCHOOL, MEDIUM_ENGLISH, TRUE,
    "Cardiff" },
  { "St Joseph's R.C. High School", REGION_WALES, PROVIDER_SCHOOL, MEDIUM_ENGLISH, TRUE,
    "Newport" },
  { "Coleg Gwent", REGION_WALES, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Newport" },
  { "Coleg Cambria", REGION_WALES, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Wrexham" },
  { "Coleg Gŵyr Abertawe", REGION_WALES, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Swansea" },
  { "Coleg Sir Gâr", REGION_WALES, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Carmarthen, Llanelli" },
  { "Grŵp Llandrillo Menai", REGION_WALES, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Bangor, Caernarfon" },
  { "Cardiff and Vale College", REGION_WALES, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Cardiff" },
  { "Coleg Ceredigion", REGION_WALES, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE, "Aberystwyth" },
  { "Coleg y Cymoedd", REGION_WALES, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Pontypridd" },
  { "Hyfforddiant Dyfodol Cyf", REGION_WALES, PROVIDER_TRAINING, MEDIUM_WELSH, FALSE },
  { "Aspire Skills Cymru Ltd", REGION_WALES, PROVIDER_TRAINING, MEDIUM_ENGLISH, FALSE },

  { "St Aidan's Church of England High School", REGION_ENGLAND, PROVIDER_SCHOOL,
    MEDIUM_ENGLISH, TRUE,
    "Newcastle upon Tyne" },
  { "Kingsbridge Academy", REGION_ENGLAND, PROVIDER_SCHOOL, MEDIUM_ENGLISH, FALSE,
    "Exeter" },
  { "Holy Family Catholic School", REGION_ENGLAND, PROVIDER_SCHOOL, MEDIUM_ENGLISH, TRUE,
    "Liverpool" },
  { "Oakfield Park School", REGION_ENGLAND, PROVIDER_SCHOOL, MEDIUM_ENGLISH, FALSE,
    "Sheffield" },
  { "Castle Hill High School", REGION_ENGLAND, PROVIDER_SCHOOL, MEDIUM_ENGLISH, TRUE,
    "Manchester" },
  { "The Priory Academy", REGION_ENGLAND, PROVIDER_SCHOOL, MEDIUM_ENGLISH, TRUE,
    "Norwich" },
  { "Northfield School and Sports College", REGION_ENGLAND, PROVIDER_SCHOOL, MEDIUM_ENGLISH,
    FALSE,
    "Birmingham" },
  { "Queen Elizabeth's Grammar School", REGION_ENGLAND, PROVIDER_SCHOOL, MEDIUM_ENGLISH, TRUE,
    "Hereford" },
  { "Leeds City College", REGION_ENGLAND, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Leeds" },
  { "Newcastle College", REGION_ENGLAND, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Newcastle upon Tyne" },
  { "The Manchester College", REGION_ENGLAND, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Manchester" },
  { "City of Bristol College", REGION_ENGLAND, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Bristol" },
  { "Exeter College", REGION_ENGLAND, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Exeter" },
  { "Birmingham Metropolitan College", REGION_ENGLAND, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Birmingham" },
  { "City of Liverpool College", REGION_ENGLAND, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Liverpool" },
  { "The Sheffield College", REGION_ENGLAND, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Sheffield" },
  { "City College Norwich", REGION_ENGLAND, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE, "Norwich" },
  { "Hereford College of Technology", REGION_ENGLAND, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Hereford" },
  { "Riverside Sixth Form College", REGION_ENGLAND, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE },
  { "Severn Training Partnership Ltd", REGION_ENGLAND, PROVIDER_TRAINING, MEDIUM_ENGLISH,
    FALSE },
  { "Northern Skills Academy Ltd", REGION_ENGLAND, PROVIDER_TRAINING, MEDIUM_ENGLISH, FALSE },
  { "Brightpath Apprenticeships Ltd", REGION_ENGLAND, PROVIDER_TRAINING, MEDIUM_ENGLISH,
    FALSE },
  { "Pennine Training Ltd", REGION_ENGLAND, PROVIDER_TRAINING, MEDIUM_ENGLISH,
    FALSE },
  { "Maple Skills Ltd", REGION_ENGLAND, PROVIDER_TRAINING, MEDIUM_ENGLISH, FALSE },
  { "Kestrel Academy Ltd", REGION_ENGLAND, PROVIDER_TRAINING, MEDIUM_ENGLISH, FALSE },

  { "St Louise's Comprehensive College", REGION_NI, PROVIDER_SCHOOL, MEDIUM_ENGLISH, TRUE,
    "Belfast" },
  { "Belfast Royal Academy", REGION_NI, PROVIDER_SCHOOL, MEDIUM_ENGLISH, TRUE,
    "Belfast" },
  { "Sacred Heart Grammar School", REGION_NI, PROVIDER_SCHOOL, MEDIUM_ENGLISH, TRUE,
    "Newry" },
  { "Banbridge Academy", REGION_NI, PROVIDER_SCHOOL, MEDIUM_ENGLISH, TRUE },
  { "Coláiste Feirste", REGION_NI, PROVIDER_SCHOOL, MEDIUM_IRISH, TRUE,
    "Belfast" },
  { "Belfast Metropolitan College", REGION_NI, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Belfast" },
  { "North West Regional College", REGION_NI, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE },
  { "Southern Regional College", REGION_NI, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Newry, Armagh" },
  { "South West College", REGION_NI, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE,
    "Enniskillen, Omagh" },
  { "South Eastern Regional College", REGION_NI, PROVIDER_COLLEGE, MEDIUM_ENGLISH, FALSE },
  { "Lagan Valley Training Ltd", REGION_NI, PROVIDER_TRAINING, MEDIUM_ENGLISH, FALSE },
};

/* ------------------------------------------------------------------------ */
/* Qualifications                                                            */

typedef struct
{
  const char *name;
  guint8      regions;
  guint16     numbered_from;  /* England awards it 9 to 1 from this summer */
} Subject;

static const Subject gcse_options[] = {
  { "Biology", EVERYWHERE, 2018 },
  { "Chemistry", EVERYWHERE, 2018 },
  { "Physics", EVERYWHERE, 2018 },
  { "History", EVERYWHERE, 2018 },
  { "Geography", EVERYWHERE, 2018 },
  { "French", EVERYWHERE, 2018 },
  { "Spanish", EVERYWHERE, 2018 },
  { "German", EVERYWHERE, 2018 },
  { "Religious Studies", EVERYWHERE, 2018 },
  { "Art and Design", EVERYWHERE, 2018 },
  { "Computer Science", EVERYWHERE, 2018 },
  { "Music", EVERYWHERE, 2018 },
  { "Drama", EVERYWHERE, 2018 },
  { "Physical Education", EVERYWHERE, 2018 },
  { "Design and Technology", EVERYWHERE, 2019 },
  { "Business", EVERYWHERE, 2019 },
  { "Food Preparation and Nutrition", IN_ENGLAND | IN_WALES, 2018 },
  { "Media Studies", IN_ENGLAND | IN_WALES, 2019 },
  { "Sociology", IN_ENGLAND | IN_WALES, 2019 },
  { "Statistics", IN_ENGLAND, 2019 },
  { "Learning for Life and Work", IN_NI, 0 },
  { "Home Economics: Food and Nutrition", IN_NI, 0 },
};

static const Subject gce_subjects[] = {
  { "Mathematics", EVERYWHERE, 0 },
  { "Further Mathematics", EVERYWHERE, 0 },
  { "Biology A", EVERYWHERE, 0 },
  { "Chemistry", EVERYWHERE, 0 },
  { "Physics", EVERYWHERE, 0 },
  { "English Literature A", EVERYWHERE, 0 },
  { "English Language", EVERYWHERE, 0 },
  { "History", EVERYWHERE, 0 },
  { "Geography", EVERYWHERE, 0 },
  { "Psychology", EVERYWHERE, 0 },
  { "Sociology", EVERYWHERE, 0 },
  { "Economics", EVERYWHERE, 0 },
  { "Business", EVERYWHERE, 0 },
  { "Computer Science", EVERYWHERE, 0 },
  { "Art and Design", EVERYWHERE, 0 },
  { "French", EVERYWHERE, 0 },
  { "Spanish", EVERYWHERE, 0 },
  { "Religious Studies", EVERYWHERE, 0 },
  { "Government and Politics", EVERYWHERE, 0 },
  { "Law", EVERYWHERE, 0 },
  { "Media Studies", EVERYWHERE, 0 },
  { "Music", EVERYWHERE, 0 },
  { "Drama and Theatre", EVERYWHERE, 0 },
  { "Physical Education", EVERYWHERE, 0 },
  { "Welsh", IN_WALES, 0 },
  { "Irish", IN_NI, 0 },
};

static const char * const letter_grades[] = { "A*", "A", "B", "C", "D", "E", "F", "G", "U" };
static const char * const number_grades[] = { "9", "8", "7", "6", "5", "4", "3", "2", "1", "U" };
static const char * const gce_grades[] = { "A*", "A", "B", "C", "D", "E", "U" };
static const char * const btec_triple_grades[] = {
  "D*D*D*", "D*D*D", "D*DD", "DDD", "DDM", "DMM", "MMM", "MMP", "MPP", "PPP",
};
static const char * const pmd_grades[] = { "Distinction*", "Distinction", "Merit", "Pass" };

/* A trade: its main qualification with the units that make it up, and the
 * apprenticeship standard that leads to it. */
typedef struct
{
  const char *qualification;
  const char *qualification_type;
  const char *level;
  guint8      awarding_org;
  guint8      months;
  guint8      credits;
  const char *units[5];
  guint8      unit_credits[5];
  const char *unit_level;
  const char *standard;
  const char *standard_level;
  guint8      standard_months;
  guint8      end_point_assessor;
} Sector;

enum
{
  SECTOR_BUSINESS,
  SECTOR_CUSTOMER_SERVICE,
  SECTOR_CARE,
  SECTOR_ELECTRICAL,
  SECTOR_HOSPITALITY,
  SECTOR_MOTOR,
  SECTOR_DIGITAL,
  SECTOR_EARLY_YEARS,
  SECTOR_ENGINEERING,
  SECTOR_DATA,
  SECTOR_LEADERSHIP,
  SECTOR_SPORT,
  N_SECTORS
};

static const Sector sectors[N_SECTORS] = {
  [SECTOR_BUSINESS] = {
    "Level 3 Diploma in Business Administration", "Diploma", "Level 3", AO_CITY_GUILDS, 15, 45,
    { "Principles of personal responsibilities and working in a business environment",
      "Communicate in a business environment", "Manage personal performance and development",
      "Produce business documents", "Principles of managing information and producing documents" },
    { 3, 4, 4, 3, 4 }, "Level 3",
    "Business Administrator", "Level 3", 18, AO_HIGHFIELD,
  },
  [SECTOR_CUSTOMER_SERVICE] = {
    "Level 2 Certificate in Customer Service", "Certificate", "Level 2", AO_NCFE, 9, 22,
    { "Principles of customer service", "Communicate effectively with customers",
      "Deal with customers face to face", "Resolve customers' problems",
      "Understand the customer service environment" },
    { 4, 3, 3, 4, 5 }, "Level 2",
    "Customer Service Practitioner", "Level 2", 12, AO_HIGHFIELD,
  },
  [SECTOR_CARE] = {
    "Level 3 Diploma in Adult Care", "Diploma", "Level 3", AO_CITY_GUILDS, 18, 58,
    { "Promote communication in care settings",
      "Promote equality and inclusion in care settings",
      "Principles of safeguarding and protection in health and social care",
      "Promote person-centred approaches in care settings",
      "Promote health, safety and wellbeing in care settings" },
    { 3, 2, 3, 6, 6 }, "Level 3",
    "Lead Adult Care Worker", "Level 3", 18, AO_HIGHFIELD,
  },
  [SECTOR_ELECTRICAL] = {
    "Level 3 NVQ Diploma in Installing Electrotechnical Systems and Equipment "
    "(Buildings, Structures and the Environment)", "NVQ", "Level 3", AO_EAL, 36, 90,
    { "Apply health and safety legislation and working practices",
      "Plan and oversee electrotechnical work activities",
      "Install wiring systems and enclosures",
      "Inspect, test and commission electrotechnical systems",
      "Diagnose and correct electrical faults" },
    { 6, 7, 12, 9, 8 }, "Level 3",
    "Installation and Maintenance Electrician", "Level 3", 42, AO_EAL,
  },
  [SECTOR_HOSPITALITY] = {
    "Level 2 Diploma in Professional Cookery", "Diploma", "Level 2", AO_CITY_GUILDS, 12, 61,
    { "Maintain a safe, hygienic and secure working environment",
      "Prepare and cook fish and shellfish", "Prepare and cook meat and offal",
      "Produce hot and cold desserts and puddings",
      "Work effectively as part of a hospitality team" },
    { 3, 6, 6, 6, 3 }, "Level 2",
    "Commis Chef", "Level 2", 12, AO_HIGHFIELD,
  },
  [SECTOR_MOTOR] = {
    "Level 3 Diploma in Light Vehicle Maintenance and Repair Principles", "Diploma", "Level 3",
    AO_IMI, 24, 64,
    { "Health, safety and good housekeeping in the automotive environment",
      "Support job roles in the automotive work environment",
      "Light vehicle engine mechanical, lubrication and cooling system units and components",
      "Light vehicle chassis units and components",
      "Light vehicle electrical units and components" },
    { 4, 3, 9, 9, 9 }, "Level 3",
    "Motor Vehicle Service and Maintenance Technician (Light Vehicle)", "Level 3", 36, AO_IMI,
  },
  [SECTOR_DIGITAL] = {
    "Level 3 Diploma in ICT Systems Support", "Diploma", "Level 3", AO_CITY_GUILDS, 18, 40,
    { "Principles of ICT system and data security", "Develop software",
      "Test an ICT system", "Working with ICT hardware and equipment",
      "Customer care in ICT" },
    { 6, 9, 6, 5, 4 }, "Level 3",
    "Software Developer", "Level 4", 24, AO_BCS,
  },
  [SECTOR_EARLY_YEARS] = {
    "Level 3 Diploma for the Early Years Workforce (Early Years Educator)", "Diploma", "Level 3",
    AO_NCFE, 18, 62,
    { "Understand how to safeguard the well-being of children and young people",
      "Promote the health and safety of children",
      "Understand the value of play in early years",
      "Support children's speech, language and communication",
      "Engage in professional development" },
    { 3, 4, 4, 4, 3 }, "Level 3",
    "Early Years Educator", "Level 3", 18, AO_NCFE,
  },
  [SECTOR_ENGINEERING] = {
    "Level 4 Higher National Certificate in Engineering", "Higher National Certificate",
    "Level 4", AO_PEARSON_BTEC, 24, 120,
    { "Engineering Design", "Engineering Maths", "Engineering Science",
      "Managing a Professional Engineering Project", "Mechanical Principles" },
    { 15, 15, 15, 15, 15 }, "Level 4",
    "Engineering Technician", "Level 3", 42, AO_EAL,
  },
  [SECTOR_DATA] = {
    "Level 4 Diploma in Data Analysis Concepts", "Diploma", "Level 4", AO_BCS, 18, 0,
    { NULL },
    { 0 }, NULL,
    "Data Analyst", "Level 4", 24, AO_BCS,
  },
  [SECTOR_LEADERSHIP] = {
    "Level 3 Certificate in Principles of Leadership and Management", "Certificate", "Level 3",
    AO_CITY_GUILDS, 9, 24,
    { "Principles of leading a team", "Understand leadership",
      "Principles of people management", "Understand how to manage team performance", NULL },
    { 5, 5, 7, 4, 0 }, "Level 3",
    "Team Leader or Supervisor", "Level 3", 12, AO_HIGHFIELD,
  },
  [SECTOR_SPORT] = {
    "Level 3 Certificate in Personal Training", "Certificate", "Level 3", AO_ACTIVE_IQ, 6, 25,
    { "Applied anatomy and physiology for exercise",
      "Programming personal training with clients",
      "Applying the principles of nutrition to a physical activity programme", NULL, NULL },
    { 6, 8, 6, 0, 0 }, "Level 3",
    "Community Activator Coach", "Level 2", 12, AO_ACTIVE_IQ,
  },
};

typedef struct
{
  const char *area;
  guint8      sector;
  const char *higher_national;  /* the HNC that follows, or NULL */
} BtecArea;

static const BtecArea btec_areas[] = {
  { "Information Technology", SECTOR_DIGITAL, "Computing" },
  { "Computing", SECTOR_DIGITAL, "Computing" },
  { "Business", SECTOR_BUSINESS, "Business" },
  { "Sport", SECTOR_SPORT, NULL },
  { "Health and Social Care", SECTOR_CARE, NULL },
  { "Applied Science", SECTOR_DATA, "Applied Sciences" },
  { "Engineering", SECTOR_ENGINEERING, "Engineering" },
  { "Creative Digital Media Production", SECTOR_DIGITAL, NULL },
  { "Children's Play, Learning and Development", SECTOR_EARLY_YEARS, NULL },
};

typedef enum
{
  GRADING_PASS,
  GRADING_PMD,
} Grading;

/* Short courses adults pick up for work. */
typedef struct
{
  const char *title;
  const char *qualification_type;
  const char *level;
  guint8      awarding_org;
  guint8      credits;
  guint16     days;
  guint8      grading;
} Course;

static const Course courses[] = {
  { "Level 2 Award in Food Safety in Catering", "Award", "Level 2", AO_HIGHFIELD, 1, 1,
    GRADING_PASS },
  { "Level 3 Award in Emergency First Aid at Work", "Award", "Level 3", AO_QUALSAFE, 1, 1,
    GRADING_PASS },
  { "Level 3 Award in First Aid at Work", "Award", "Level 3", AO_QUALSAFE, 3, 3,
    GRADING_PASS },
  { "Level 2 Award in Health and Safety in the Workplace", "Award", "Level 2", AO_HIGHFIELD, 1,
    1, GRADING_PASS },
  { "Level 2 Award for Personal Licence Holders", "Award", "Level 2", AO_HIGHFIELD, 1, 1,
    GRADING_PASS },
  { "Level 1 Award in Health and Safety in a Construction Environment", "Award", "Level 1",
    AO_CITY_GUILDS, 1, 1, GRADING_PASS },
  { "Level 2 Certificate in Understanding Autism", "Certificate", "Level 2", AO_NCFE, 13, 90,
    GRADING_PASS },
  { "Level 2 Certificate in Mental Health Awareness", "Certificate", "Level 2", AO_NCFE, 13, 80,
    GRADING_PASS },
  { "Level 2 Certificate in Fitness Instructing", "Certificate", "Level 2", AO_ACTIVE_IQ, 23, 90,
    GRADING_PASS },
  { "Level 3 Award in Education and Training", "Award", "Level 3", AO_TQUK, 12, 45,
    GRADING_PASS },
  { "Level 4 Certificate in Education and Training", "Certificate", "Level 4", AO_TQUK, 36,
    270, GRADING_PASS },
  { "Level 3 Certificate in Assessing Vocational Achievement", "Certificate", "Level 3",
    AO_CITY_GUILDS, 15, 150, GRADING_PASS },
  { "Level 2 Certificate in Counselling Skills", "Certificate", "Level 2", AO_NCFE, 19, 200,
    GRADING_PASS },
  { "Entry Level Award in Employability Skills (Entry 3)", "Award", "Entry Level", AO_NCFE, 4,
    40, GRADING_PASS },
  { "Access to HE Diploma (Nursing and Midwifery)", "Access to HE Diploma", "Level 3",
    AO_ASCENTIS, 60, 300, GRADING_PASS },
  { "Level 3 Certificate in Understanding Mental Health First Aid", "Certificate", "Level 3",
    AO_HIGHFIELD, 12, 60, GRADING_PMD },
};

/* add_adult_life() keeps a bit for each course */
G_STATIC_ASSERT (G_N_ELEMENTS (courses) <= 32);
