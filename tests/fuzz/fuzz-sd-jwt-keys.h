/* fuzz-sd-jwt-keys.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* Throwaway P-256 keys for the sd-jwt fuzz target and its seeds only:
 * they sign nothing outside tests/fuzz. The target verifies with the
 * issuer's public half; make-sd-jwt-seeds signs the seed corpus with the
 * private halves, so that valid inputs reach every check. */
#define FUZZ_SD_JWT_ISSUER_PUBLIC \
  "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"hQkxvv8A7f4d1Pov9DS85GG-090rznq2u6KjvjXVw3M\"," \
  "\"y\":\"4bQ7DZgc7IoeHP25IFVmirVr821NbF9_wGwI6-cTD8A\"}"
#define FUZZ_SD_JWT_ISSUER_PRIVATE \
  "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"hQkxvv8A7f4d1Pov9DS85GG-090rznq2u6KjvjXVw3M\"," \
  "\"y\":\"4bQ7DZgc7IoeHP25IFVmirVr821NbF9_wGwI6-cTD8A\"," \
  "\"d\":\"q0r7T7NK2twFWNmiHcWIZoKIyjXGtViEKp2h_yzKYI0\"}"
#define FUZZ_SD_JWT_HOLDER_PRIVATE \
  "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"kk6J3O4iUx99MHA0Q0_qPkl-uJMoaJ_uv-WSJomOT_4\"," \
  "\"y\":\"TXsItOO0xhxoY5ZVCVAzq4AuDtShY8NcMqS9v2h0kbY\"," \
  "\"d\":\"yEITZx_JskdEuDAoyKMmfCrtE1kWXsd4NmE1bY-6faY\"}"

/* The moment the target checks times as of, and the seeds' binding. */
#define FUZZ_SD_JWT_AT       1800000000
#define FUZZ_SD_JWT_AUDIENCE "https://employer.example"
#define FUZZ_SD_JWT_NONCE    "fuzz-nonce"
