/*
 * Copyright (c) 2026 The Torwart authors
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * Vendor payloads (issue 7): what a camera or ALPR engine sends natively,
 * mapped to the read POST /api/v1/reads takes.  Each adapter writes the
 * read as our own JSON and hands it to api_read_parse(), so a vendor's
 * read is validated exactly as a read posted to /reads is (plate
 * grammar, confidence, time window, candidates); a refusal names the
 * vendor's field.  Pure C, no kore: unit tested and fuzzed on its own.
 *
 * Normalised on the way:
 *  - confidence to 0..1 (OpenALPR's 0..100);
 *  - country to the distinguishing sign pseudo_country() gives ("us-ca"
 *    and "gb" regions to their country); a country we do not know is
 *    left out rather than refused;
 *  - time to UTC: an epoch field first (milliseconds or seconds), else
 *    a time with a zone, else a local time read in the device's zone
 *    (?tz= of its URL); without that zone it is refused (422
 *    time_zone_required) rather than guessed as UTC;
 *  - the vendor's id of the vehicle as device_read_id, so that a vehicle
 *    sent again (an OpenALPR group after its frames) makes one decision.
 */

#ifndef API_VENDOR_H
#define API_VENDOR_H

#include <stddef.h>
#include <stdint.h>

#include "api_json.h"
#include "api_read.h"

/* The largest JSON body a vendor route parses (base64 crops included). */
#define API_VENDOR_JSON_MAX (1024 * 1024)

/* What the request says besides the payload. */
struct api_vendor_in {
	int64_t     lane; /* the lane the device posts for */
	int64_t     now; /* unix time the request arrived */
	const char *tz; /* the device's zone ("Europe/Berlin"), "" unknown */
};

/*
 * The unix time (ms) of the wall-clock time "YYYY-MM-DD HH:MM:SS[.fff]"
 * ("T" also separates) in zone tz; in a gap or a repeated hour of a
 * change of daylight saving time, the earlier reading.  0, or -1 for a
 * malformed time or zone.  Uses api_local_time(): the event loop only.
 */
int api_vendor_local(const char *, const char *, int64_t *);

/*
 * Map root, a vendor's document, to *out.  Returns 1 for a read, 0 for a
 * message that holds none (a heartbeat, a frame without a plate: answer
 * 200, store nothing), -1 refused with *err (the field is the vendor's:
 * "results[0].plate").  *out is wiped unless 1 is returned.
 */
int api_vendor_openalpr(const struct api_jvalue *, const struct api_vendor_in *,
    struct api_read *, struct api_read_err *);
int api_vendor_platerecognizer(const struct api_jvalue *,
    const struct api_vendor_in *, struct api_read *, struct api_read_err *);
int api_vendor_axis(const struct api_jvalue *, const struct api_vendor_in *,
    struct api_read *, struct api_read_err *);

/*
 * Dahua ITC: ITSAPI's TollgateInfo push ({"Picture": …}, answered
 * {"Result":true}), or a TrafficJunction event from the camera's event
 * stream (alone, or in client.notifyEventStream's eventList), whose
 * "UTC" is local time: RealUTC is the epoch.  Anything else, such as
 * its KeepAlive, holds no read.
 */
int api_vendor_dahua(const struct api_jvalue *, const struct api_vendor_in *,
    struct api_read *, struct api_read_err *);

/*
 * Vaxtor (VaxALPR, VaxOCR Containers, the MOBOTIX apps): the JSON its
 * reporting template makes, text[0..len).  Templates leave numbers
 * unquoted, so a value that was not substituted ("confidence": ,) or a
 * token left as it was ("confidence":$confidence$) would make it
 * invalid JSON: such values are read as null, and "$token$" strings as
 * absent, before the document is parsed.  A "code" is a container, a
 * "plate" a plate (README: the template to configure).
 */
int api_vendor_vaxtor(const char *, size_t, const struct api_vendor_in *,
    struct api_read *, struct api_read_err *);

/*
 * Hikvision's ISAPI EventNotificationAlert, the XML text xml[0..len)
 * (the "anpr.xml" part of its upload), parsed with libxml2: no DTD, no
 * entities, no network, at most API_VENDOR_XML_MAX bytes.  The same
 * results as the JSON adapters.  Call api_vendor_init() once before
 * (kore's parent: libxml2 sets itself up there, before the sandbox).
 */
#define API_VENDOR_XML_MAX (256 * 1024)
int  api_vendor_hikvision(const char *, size_t, const struct api_vendor_in *,
     struct api_read *, struct api_read_err *);
void api_vendor_init(void);

/*
 * Genetec AutoVu SharpV's HTTP extension: a plate read as JSON, or as
 * XML (<Plate>, told apart by its first character), libxml2 as for
 * Hikvision.  A "-" value is absent; the Confidence Score analytic is
 * required.
 */
int api_vendor_genetec(const char *, size_t, const struct api_vendor_in *,
    struct api_read *, struct api_read_err *);

#endif /* API_VENDOR_H */
