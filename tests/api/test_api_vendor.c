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
 * api/api_vendor.c: every vendor's messages, written for
 * these tests from the vendors' documented shapes, come out as the read
 * POST /api/v1/reads would make; refusals name the vendor's field.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_vendor.h"

#define NOW 1795000000LL /* 2026-11-18T11:06:40Z */

typedef int (*adapter)(const struct api_jvalue *, const struct api_vendor_in *,
    struct api_read *, struct api_read_err *);

static struct api_read     r;
static struct api_read_err err;
static const char         *tz = "";

/* Run an adapter over json; its result. */
static int
run(adapter f, const char *json)
{
	struct api_vendor_in in = { 7, NOW, tz };
	struct api_jdoc     *doc;
	int                  rc;

	memset(&err, 0, sizeof(err));
	doc = api_json_parse(json, strlen(json), NULL);
	assert_non_null(doc);
	rc = f(api_json_root(doc), &in, &r, &err);
	api_json_free(doc);

	return (rc);
}

static void
test_openalpr_group(void **state)
{
	(void)state;
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_group\",\"version\":2,"
	                     "\"epoch_start\":1794999990250,\"epoch_end\":"
	                     "1794999995000,\"best_plate_number\":\"BAB1234\","
	                     "\"best_confidence\":91.5,\"best_region\":\"de\","
	                     "\"best_uuid\":\"agent-3-1794999990250\","
	                     "\"best_plate\":{\"plate\":\"TEST123\"},"
	                     "\"candidates\":[{\"plate\":\"BAB1234\","
	                     "\"confidence\":91.5},{\"plate\":\"8AB1234\","
	                     "\"confidence\":80.25}],\"vehicle\":{\"color\":"
	                     "[{\"name\":\"red\",\"confidence\":90}]},"
	                     "\"travel_direction\":182.5}"),
	    1);
	/* The group's best_plate_number, not best_plate.plate. */
	assert_string_equal(r.plate.canon, "BAB1234");
	assert_true(r.confidence > 0.914 && r.confidence < 0.916);
	assert_string_equal(r.country, "D");
	assert_int_equal(r.lane, 7);
	assert_int_equal(r.captured, 1794999990);
	assert_int_equal(r.captured_ms, 250);
	assert_int_equal(r.idlen, strlen("agent-3-1794999990250"));
	assert_memory_equal(r.id, "agent-3-1794999990250", r.idlen);
	/* The best plate is no candidate of its own. */
	assert_int_equal(r.ncand, 1);
	assert_string_equal(r.cand[0].plate.canon, "8AB1234");
	assert_true(
	    r.cand[0].confidence > 0.802 && r.cand[0].confidence < 0.803);
	api_read_wipe(&r);
}

static void
test_openalpr_results_take_the_best_frame_result(void **state)
{
	(void)state;
	/* Seconds (the old daemon) and a region with a state. */
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_results\",\"epoch_time\":"
	                     "1794999999,\"uuid\":\"f-1\",\"results\":["
	                     "{\"plate\":\"XY12\",\"confidence\":60,"
	                     "\"region\":\"us-mo\"},{\"plate\":\"AB123CD\","
	                     "\"confidence\":88.0,\"region\":\"fr\","
	                     "\"candidates\":[]}]}"),
	    1);
	assert_string_equal(r.plate.canon, "AB123CD");
	assert_string_equal(r.country, "F");
	assert_int_equal(r.captured, 1794999999);
	assert_int_equal(r.idlen, 3);
	api_read_wipe(&r);

	/* No data_type: results all the same; a region we do not know. */
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"epoch_time\":1794999999000,\"results\":["
	                     "{\"plate\":\"ABC123\",\"confidence\":70,"
	                     "\"region\":\"zz-top\"}]}"),
	    1);
	assert_string_equal(r.country, "");
	assert_int_equal(r.idlen, 0);
	api_read_wipe(&r);

	/* A wrapped alert. */
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_alert\",\"group\":{"
	                     "\"epoch_start\":1794999990000,"
	                     "\"best_plate_number\":\"M-XY 12\","
	                     "\"best_confidence\":77}}"),
	    1);
	assert_string_equal(r.plate.canon, "MXY12");
	api_read_wipe(&r);
}

static void
test_openalpr_messages_without_a_read(void **state)
{
	(void)state;
	assert_int_equal(
	    run(api_vendor_openalpr,
	        "{\"data_type\":\"heartbeat\",\"agent_uid\":\"a\"}"),
	    0);
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_results\",\"epoch_time\":"
	                     "1794999999000,\"results\":[]}"),
	    0);
}

static void
test_openalpr_refusals_name_its_fields(void **state)
{
	(void)state;
	assert_int_equal(run(api_vendor_openalpr, "[1]"), -1);
	assert_string_equal(err.code, "invalid_body");
	assert_int_equal(run(api_vendor_openalpr, "{\"data_type\":5}"), -1);
	assert_string_equal(err.field, "data_type");
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_movie\"}"),
	    -1);
	assert_string_equal(err.code, "invalid_value");
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_group\","
	                     "\"best_plate_number\":\"AB1\"}"),
	    -1);
	assert_string_equal(err.field, "epoch_start");
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_group\",\"epoch_start\":"
	                     "\"soon\",\"best_plate_number\":\"AB1\"}"),
	    -1);
	assert_string_equal(err.field, "epoch_start");
	/* Our checks, reported under the vendor's names. */
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_group\",\"epoch_start\":"
	                     "1794999990000,\"best_plate_number\":\"AB#1\","
	                     "\"best_confidence\":90}"),
	    -1);
	assert_int_equal(err.status, 400);
	assert_string_equal(err.field, "best_plate_number");
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_group\",\"epoch_start\":"
	                     "1794999990000,\"best_plate_number\":\"AB1\","
	                     "\"best_confidence\":150}"),
	    -1);
	assert_string_equal(err.field, "best_confidence");
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_group\",\"epoch_start\":"
	                     "1794999990000,\"best_confidence\":90}"),
	    -1);
	assert_string_equal(err.code, "missing_field");
	assert_string_equal(err.field, "best_plate_number");
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_group\",\"epoch_start\":"
	                     "1794999990000,\"best_plate_number\":7,"
	                     "\"best_confidence\":90}"),
	    -1);
	assert_string_equal(err.field, "best_plate_number");
	/* A year ago: outside the time window. */
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_group\",\"epoch_start\":"
	                     "1763000000000,\"best_plate_number\":\"AB1\","
	                     "\"best_confidence\":90}"),
	    -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.field, "epoch_start");
	assert_int_equal(run(api_vendor_openalpr,
	                     "{\"data_type\":\"alpr_alert\"}"),
	    -1);
	assert_string_equal(err.field, "group");
}

static void
test_platerecognizer_stream_webhook(void **state)
{
	(void)state;
	assert_int_equal(
	    run(api_vendor_platerecognizer,
	        "{\"hook\":{\"target\":\"https://x\",\"id\":"
	        "\"cam-1\",\"event\":\"recognition\"},\"data\":{"
	        "\"camera_id\":\"cam-1\",\"timestamp\":"
	        "\"2026-11-18T10:50:13.606935Z\",\"results\":["
	        "{\"plate\":\"ab12cde\",\"score\":0.903,"
	        "\"dscore\":0.8,\"region\":{\"code\":\"gb\","
	        "\"score\":0.7},\"candidates\":[{\"plate\":"
	        "\"ab12cde\",\"score\":0.903},{\"plate\":"
	        "\"ab12cdf\",\"score\":0.7}],\"direction\":\"\"}]}}"),
	    1);
	/* Lower case read as upper case. */
	assert_string_equal(r.plate.canon, "AB12CDE");
	assert_string_equal(r.country, "GB");
	assert_true(r.confidence > 0.902 && r.confidence < 0.904);
	assert_int_equal(r.captured, 1794999013);
	assert_int_equal(r.captured_ms, 606);
	assert_int_equal(r.ncand, 1);
	assert_string_equal(r.cand[0].plate.canon, "AB12CDF");
	api_read_wipe(&r);

	/* The Snapshot API's own answer, the best of two results. */
	assert_int_equal(run(api_vendor_platerecognizer,
	                     "{\"processing_time\":80,\"timestamp\":"
	                     "\"2026-11-18T10:50:00Z\",\"results\":[{\"plate\":"
	                     "\"nl12ab\",\"score\":0.5},{\"plate\":\"12abc3\","
	                     "\"score\":0.9,\"region\":{\"code\":\"nl\"}}]}"),
	    1);
	assert_string_equal(r.plate.canon, "12ABC3");
	assert_string_equal(r.country, "NL");
	api_read_wipe(&r);
}

/* Shipping Container: the code assembled from its labelled results. */
static void
test_platerecognizer_container(void **state)
{
	(void)state;
	assert_int_equal(
	    run(api_vendor_platerecognizer,
	        "{\"hook\":{\"id\":1,\"event\":\"image.done\"},"
	        "\"data\":{\"results\":[{\"box\":[0.1,0.6,0.2,0.8],"
	        "\"score\":0.9,\"label\":\"Serial Number\","
	        "\"texts\":[{\"value\":\"3054383\",\"score\":"
	        "0.97},{\"value\":\"3054388\",\"score\":0.4}]},"
	        "{\"score\":0.87,\"label\":\"Size and Type Codes\","
	        "\"texts\":[{\"value\":\"22G1\",\"score\":0.99}]},"
	        "{\"score\":0.85,\"label\":\"Owner Code and Category "
	        "Identifier\",\"texts\":[{\"value\":\"CSQU\","
	        "\"score\":0.99}]}],\"timestamp\":"
	        "\"2026-11-18T10:58:03.692615Z\"}}"),
	    1);
	assert_int_equal(r.kind, API_READ_CONTAINER);
	assert_string_equal(r.code, "CSQU3054383");
	assert_int_equal(r.check_ok, 1);
	/* The weaker of the two texts it is made of. */
	assert_true(r.confidence > 0.969 && r.confidence < 0.971);
	api_read_wipe(&r);

	assert_int_equal(run(api_vendor_platerecognizer,
	                     "{\"data\":{\"results\":[{\"label\":"
	                     "\"Serial Number\",\"texts\":[{\"value\":"
	                     "\"3054383\",\"score\":0.9}]}],\"timestamp\":"
	                     "\"2026-11-18T10:58:03Z\"}}"),
	    -1);
	assert_string_equal(err.field, "data.results[].label");
	assert_int_equal(run(api_vendor_platerecognizer,
	                     "{\"data\":{\"results\":[{\"label\":"
	                     "\"Serial Number\",\"texts\":[{\"value\":"
	                     "\"30\",\"score\":0.9}]},{\"label\":\"Owner Code "
	                     "and Category Identifier\",\"texts\":[{\"value\":"
	                     "\"CSQU\",\"score\":0.9}]}],\"timestamp\":"
	                     "\"2026-11-18T10:58:03Z\"}}"),
	    -1);
	assert_string_equal(err.field, "data.results[].texts");
}

static void
test_platerecognizer_refusals(void **state)
{
	(void)state;
	/* Snapshot's webhook: a local time without a zone. */
	assert_int_equal(run(api_vendor_platerecognizer,
	                     "{\"hook\":{\"id\":3,\"event\":\"image.done\"},"
	                     "\"data\":{\"timestamp\":\"2026-11-18 10:50:00."
	                     "030345\",\"results\":[{\"plate\":\"ab12cde\","
	                     "\"score\":0.9}]}}"),
	    -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "time_zone_required");
	assert_string_equal(err.field, "data.timestamp");
	/* With the device's zone: Berlin is UTC+1 in November. */
	tz = "Europe/Berlin";
	assert_int_equal(run(api_vendor_platerecognizer,
	                     "{\"hook\":{\"id\":3,\"event\":\"image.done\"},"
	                     "\"data\":{\"timestamp\":\"2026-11-18 11:50:00."
	                     "030345\",\"results\":[{\"plate\":\"ab12cde\","
	                     "\"score\":0.9}]}}"),
	    1);
	assert_int_equal(r.captured, NOW - 16 * 60 - 40);
	assert_int_equal(r.captured_ms, 30);
	api_read_wipe(&r);
	tz = "";
	assert_int_equal(run(api_vendor_platerecognizer,
	                     "{\"hook\":{},\"data\":\"x\"}"),
	    -1);
	assert_string_equal(err.field, "data");
	assert_int_equal(run(api_vendor_platerecognizer,
	                     "{\"data\":{\"results\":{}}}"),
	    -1);
	assert_string_equal(err.field, "data.results");
	assert_int_equal(run(api_vendor_platerecognizer,
	                     "{\"data\":{\"results\":[{\"plate\":\"ab1\","
	                     "\"score\":0.9}]}}"),
	    -1);
	assert_string_equal(err.field, "data.timestamp");
	assert_int_equal(
	    run(api_vendor_platerecognizer,
	        "{\"data\":{\"timestamp\":\"2026-11-18T10:50:00Z\","
	        "\"results\":[{\"plate\":\"ab1\",\"score\":\"high\"}"
	        "]}}"),
	    0);
	assert_int_equal(
	    run(api_vendor_platerecognizer,
	        "{\"data\":{\"timestamp\":\"2026-11-18T10:50:00Z\","
	        "\"results\":[{\"plate\":\"a\\u00e6b1\","
	        "\"score\":0.9}]}}"),
	    -1);
	assert_string_equal(err.field, "data.results[].plate");
}

static void
test_local_times_in_the_device_zone(void **state)
{
	int64_t ms;

	(void)state;
	/* Winter (UTC+1), summer (UTC+2), fractions cut to milliseconds. */
	assert_int_equal(api_vendor_local("2026-11-18 12:06:40",
	                     "Europe/Berlin", &ms),
	    0);
	assert_int_equal(ms, NOW * 1000);
	assert_int_equal(api_vendor_local("2026-07-01T12:00:00.5",
	                     "Europe/Berlin", &ms),
	    0);
	assert_int_equal(ms, 1782900000500LL);
	assert_int_equal(api_vendor_local("2026-07-01 12:00:00.123456789",
	                     "UTC", &ms),
	    0);
	assert_int_equal(ms, 1782907200123LL);
	/* 02:30 on 29 March 2026 does not exist in Berlin: 03:30 CEST. */
	assert_int_equal(api_vendor_local("2026-03-29 02:30:00",
	                     "Europe/Berlin", &ms),
	    0);
	assert_int_equal(ms, 1774747800000LL);
	/* 02:30 on 25 October 2026 happens twice: the earlier one (CEST). */
	assert_int_equal(api_vendor_local("2026-10-25 02:30:00",
	                     "Europe/Berlin", &ms),
	    0);
	assert_int_equal(ms, 1792888200000LL);
	assert_int_equal(api_vendor_local("2026-02-30 10:00:00", "UTC", &ms),
	    -1);
	assert_int_equal(api_vendor_local("2026-11-18 12:06", "UTC", &ms), -1);
	assert_int_equal(api_vendor_local("2026-11-18 12:06:40Z", "UTC", &ms),
	    -1);
	assert_int_equal(api_vendor_local("2026-11-18 12:06:40.", "UTC", &ms),
	    -1);
	assert_int_equal(api_vendor_local("2026-11-18 12:06:40", "Mars/Base",
	                     &ms),
	    -1);
	assert_int_equal(api_vendor_local("2026-11-18 12:06:40", "", &ms), -1);
}

static void
test_axis_event(void **state)
{
	(void)state;
	/* Numbers as strings; POL; the epoch first. */
	assert_int_equal(run(api_vendor_axis,
	                     "{\"packetCounter\":\"11890300\","
	                     "\"capture_timestamp\":\"1794999938252\","
	                     "\"datetime\":\"20261118 130538252\","
	                     "\"plateText\":\"\\u0052\\u004c\","
	                     "\"plateUTF8\":\"RLE11684\",\"plateASCII\":"
	                     "\"RLE11684\",\"plateCountry\":\"POL\","
	                     "\"plateConfidence\":\"0.719034\",\"carState\":"
	                     "\"lost\",\"carMoveDirection\":\"out\","
	                     "\"plateCoordinates\":[1185,532,140,28],"
	                     "\"carID\":\"1144696\",\"camera_info\":{"
	                     "\"SerialNumber\":\"ACCC8ED3290D\"}}"),
	    1);
	assert_string_equal(r.plate.canon, "RLE11684");
	assert_string_equal(r.country, "PL");
	assert_true(r.confidence > 0.719 && r.confidence < 0.72);
	assert_int_equal(r.captured, 1794999938);
	assert_int_equal(r.captured_ms, 252);
	assert_int_equal(r.direction, API_READ_DIR_OUT);
	assert_int_equal(r.idlen, 7);
	assert_memory_equal(r.id, "1144696", 7);
	api_read_wipe(&r);

	/* Only the local datetime: in the device's zone, or refused. */
	assert_int_equal(run(api_vendor_axis,
	                     "{\"datetime\":\"20261118 130538252\","
	                     "\"plateASCII\":\"RLE11684\","
	                     "\"plateConfidence\":\"0.7\","
	                     "\"carMoveDirection\":\"unknown\"}"),
	    -1);
	assert_string_equal(err.code, "time_zone_required");
	assert_string_equal(err.field, "datetime");
	tz = "Europe/Kyiv";
	assert_int_equal(run(api_vendor_axis,
	                     "{\"datetime\":\"20261118 130538252\","
	                     "\"plateASCII\":\"RLE11684\","
	                     "\"plateConfidence\":\"0.7\","
	                     "\"carMoveDirection\":\"unknown\"}"),
	    1);
	tz = "";
	/* Kyiv is UTC+2 in November. */
	assert_int_equal(r.captured, 1794999938);
	assert_int_equal(r.direction, API_READ_DIR_UNKNOWN);
	api_read_wipe(&r);

	assert_int_equal(run(api_vendor_axis,
	                     "{\"capture_timestamp\":\"soon\","
	                     "\"plateUTF8\":\"AB1\"}"),
	    -1);
	assert_string_equal(err.field, "capture_timestamp");
	assert_int_equal(run(api_vendor_axis,
	                     "{\"capture_timestamp\":\"1794999938252\"}"),
	    -1);
	assert_string_equal(err.field, "plateUTF8");
	assert_int_equal(run(api_vendor_axis,
	                     "{\"capture_timestamp\":\"1794999938252\","
	                     "\"plateUTF8\":\"AB1\",\"plateConfidence\":"
	                     "\"0,7\"}"),
	    -1);
	assert_string_equal(err.field, "plateConfidence");
	assert_int_equal(run(api_vendor_axis,
	                     "{\"datetime\":\"2026-11-18\","
	                     "\"plateUTF8\":\"AB1\"}"),
	    -1);
	assert_string_equal(err.field, "datetime");
}

/* Run the Hikvision adapter over xml. */
static int
hik(const char *xml)
{
	struct api_vendor_in in = { 7, NOW, tz };

	memset(&err, 0, sizeof(err));
	return (api_vendor_hikvision(xml, strlen(xml), &in, &r, &err));
}

#define HIK_HEAD                                                               \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"                       \
	"<EventNotificationAlert version=\"2.0\" "                             \
	"xmlns=\"http://www.hikvision.com/ver20/XMLSchema\">\r\n"

static void
test_hikvision_event(void **state)
{
	(void)state;
	/* The EU firmware's namespace, a time with its offset. */
	assert_int_equal(
	    hik(HIK_HEAD "<ipAddress>10.0.0.9</ipAddress><channelID>1"
	                 "</channelID><dateTime>2026-11-18T12:05:38.847+01:00"
	                 "</dateTime><eventType>ANPR</eventType><eventState>"
	                 "active</eventState><UUID>d1b0c5e6-0001</UUID>"
	                 "<countryAbbreviation>DE</countryAbbreviation>"
	                 "<ANPR><country>3</country><licensePlate>B AB 1234"
	                 "</licensePlate><line>1</line><direction>forward"
	                 "</direction><confidenceLevel>87</confidenceLevel>"
	                 "<plateCharBelieve>99,99,90</plateCharBelieve>"
	                 "<vehicleInfo><vehileModel>0</vehileModel>"
	                 "</vehicleInfo><pictureInfoList><pictureInfo>"
	                 "<fileName>licensePlatePicture.jpg</fileName>"
	                 "<absTime>20261118120538847</absTime></pictureInfo>"
	                 "</pictureInfoList></ANPR></EventNotificationAlert>"),
	    1);
	assert_string_equal(r.plate.canon, "BAB1234");
	assert_string_equal(r.country, "D");
	assert_true(r.confidence > 0.869 && r.confidence < 0.871);
	assert_int_equal(r.captured, 1794999938);
	assert_int_equal(r.captured_ms, 847);
	assert_int_equal(r.idlen, strlen("d1b0c5e6-0001"));
	api_read_wipe(&r);

	/*
	 * The ITS namespace, CDATA, no dateTime zone: absTime in the
	 * device's zone, or refused.  NON is no country.
	 */
	tz = "Europe/Berlin";
	assert_int_equal(
	    hik("<EventNotificationAlert version=\"1.0\" "
	        "xmlns=\"http://www.isapi.org/ver20/XMLSchema\">"
	        "<dateTime>2026-11-18T12:05:38</dateTime>"
	        "<eventType>ANPR</eventType><countryAbbreviation>"
	        "NON</countryAbbreviation><ANPR><licensePlate>"
	        "<![CDATA[M-XY 12]]></licensePlate><confidenceLevel>"
	        " 90 </confidenceLevel><pictureInfoList>"
	        "<pictureInfo><absTime>20261118120538250</absTime>"
	        "</pictureInfo></pictureInfoList></ANPR>"
	        "</EventNotificationAlert>"),
	    1);
	tz = "";
	assert_string_equal(r.plate.canon, "MXY12");
	assert_string_equal(r.country, "");
	assert_int_equal(r.captured, 1794999938);
	assert_int_equal(r.captured_ms, 250);
	assert_int_equal(r.idlen, 0);
	api_read_wipe(&r);
}

static void
test_hikvision_refusals(void **state)
{
	(void)state;
	assert_int_equal(hik(HIK_HEAD "<dateTime>2026-11-18T12:05:38+01:00"
	                              "</dateTime><eventType>heartBeat"
	                              "</eventType></EventNotificationAlert>"),
	    0);
	assert_int_equal(hik(HIK_HEAD "<eventType>ANPR</eventType>"), -1);
	assert_string_equal(err.code, "invalid_body");
	assert_int_equal(hik("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x "
	                     "\"xx\">]><EventNotificationAlert><eventType>ANPR"
	                     "</eventType></EventNotificationAlert>"),
	    -1);
	assert_string_equal(err.message,
	    "a document type declaration is not taken");
	assert_int_equal(hik("<EventNotificationAlert><ANPR><licensePlate>&x;"
	                     "</licensePlate></ANPR></EventNotificationAlert>"),
	    -1);
	assert_string_equal(err.code, "invalid_body");
	assert_int_equal(hik("<Other/>"), -1);
	assert_string_equal(err.message,
	    "the document is no EventNotificationAlert");
	assert_int_equal(hik(HIK_HEAD "<eventType>ANPR</eventType>"
	                              "</EventNotificationAlert>"),
	    -1);
	assert_string_equal(err.field, "ANPR");
	assert_int_equal(
	    hik(HIK_HEAD "<dateTime>2026-11-18T12:05:38</dateTime><ANPR>"
	                 "<licensePlate>AB1</licensePlate><confidenceLevel>9"
	                 "</confidenceLevel></ANPR></EventNotificationAlert>"),
	    -1);
	assert_string_equal(err.code, "time_zone_required");
	assert_string_equal(err.field, "dateTime");
	assert_int_equal(hik(HIK_HEAD "<dateTime>2026-11-18T12:05:38+01:00"
	                              "</dateTime><ANPR><licensePlate>A#1"
	                              "</licensePlate><confidenceLevel>90"
	                              "</confidenceLevel></ANPR>"
	                              "</EventNotificationAlert>"),
	    -1);
	assert_string_equal(err.field, "ANPR.licensePlate");
	assert_int_equal(hik(HIK_HEAD "<dateTime>2026-11-18T12:05:38+01:00"
	                              "</dateTime><ANPR><licensePlate>AB1"
	                              "</licensePlate><confidenceLevel>190"
	                              "</confidenceLevel></ANPR>"
	                              "</EventNotificationAlert>"),
	    -1);
	assert_string_equal(err.field, "ANPR.confidenceLevel");
	assert_int_equal(hik(HIK_HEAD "<dateTime>2026-11-18T12:05:38+01:00"
	                              "</dateTime><ANPR><confidenceLevel>90"
	                              "</confidenceLevel></ANPR>"
	                              "</EventNotificationAlert>"),
	    -1);
	assert_string_equal(err.field, "ANPR.licensePlate");
	/* A camera clock years ahead. */
	assert_int_equal(hik(HIK_HEAD "<dateTime>2034-01-01T00:00:00+01:00"
	                              "</dateTime><ANPR><licensePlate>AB1"
	                              "</licensePlate><confidenceLevel>90"
	                              "</confidenceLevel></ANPR>"
	                              "</EventNotificationAlert>"),
	    -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.field, "dateTime");
}

/* Run the Vaxtor adapter over a template's text. */
static int
vax(const char *text)
{
	struct api_vendor_in in = { 7, NOW, tz };

	memset(&err, 0, sizeof(err));
	return (api_vendor_vaxtor(text, strlen(text), &in, &r, &err));
}

static void
test_vaxtor_templates(void **state)
{
	(void)state;
	/* Our plate template; the unquoted confidence as sent. */
	tz = "Asia/Ho_Chi_Minh";
	assert_int_equal(vax("{\"plate\":\"60AD11490\",\"country\":\"NLD\","
	                     "\"confidence\":99,\"date\":"
	                     "\"2026-11-18T18:05:38.045\",\"direction\":2,"
	                     "\"cameraid\":\"$cameraid$\"}"),
	    1);
	assert_string_equal(r.plate.canon, "60AD11490");
	assert_string_equal(r.country, "NL");
	assert_true(r.confidence > 0.989 && r.confidence < 0.991);
	/* Ho Chi Minh City is UTC+7. */
	assert_int_equal(r.captured, 1794999938);
	assert_int_equal(r.captured_ms, 45);
	api_read_wipe(&r);
	tz = "";

	/*
	 * VaxOCR's default container template, its numbers unquoted, one
	 * empty and one left as a token; the time with its offset.
	 */
	assert_int_equal(vax("{ \"code\":\"CSQU3054383\", \"timestamp\":"
	                     "\"2026-11-18T12:05:38.180+01:00\", \"date\":"
	                     "\"$date$\", \"confidence\":98.9, \"left\":, "
	                     "\"top\":$top$, \"right\":1200, \"bottom\": }"),
	    1);
	assert_int_equal(r.kind, API_READ_CONTAINER);
	assert_string_equal(r.code, "CSQU3054383");
	assert_int_equal(r.check_ok, 1);
	assert_int_equal(r.captured, 1794999938);
	api_read_wipe(&r);
}

static void
test_vaxtor_refusals(void **state)
{
	(void)state;
	/* The plate itself left as a token: no read to make. */
	assert_int_equal(vax("{\"plate\":\"$plateutf8$\",\"confidence\":90,"
	                     "\"date\":\"2026-11-18T12:05:38+01:00\"}"),
	    -1);
	assert_string_equal(err.field, "plate");
	assert_int_equal(vax("{\"plate\":\"AB1\",\"confidence\":$confidence$,"
	                     "\"date\":\"2026-11-18T12:05:38+01:00\"}"),
	    -1);
	assert_string_equal(err.code, "missing_field");
	assert_string_equal(err.field, "confidence");
	assert_int_equal(vax("{\"plate\":\"AB1\",\"confidence\":90,"
	                     "\"date\":\"2026-11-18T12:05:38.045\"}"),
	    -1);
	assert_string_equal(err.code, "time_zone_required");
	assert_string_equal(err.field, "date");
	assert_int_equal(vax("{\"plate\":\"AB1\",\"confidence\":90,"
	                     "\"date\":\"yesterday\"}"),
	    -1);
	assert_string_equal(err.field, "date");
	assert_int_equal(vax("{\"plate\":\"AB1\",\"confidence\":900,"
	                     "\"date\":\"2026-11-18T12:05:38+01:00\"}"),
	    -1);
	assert_string_equal(err.field, "confidence");
	/* A string is not repaired: "$x$" inside it stays text. */
	assert_int_equal(vax("{\"plate\":\"AB:$x$\",\"confidence\":90,"
	                     "\"date\":\"2026-11-18T12:05:38+01:00\"}"),
	    -1);
	assert_string_equal(err.field, "plate");
	assert_int_equal(vax("{\"plate\": \"AB1\", \"confidence\": 90"), -1);
	assert_string_equal(err.code, "invalid_json");
	assert_int_equal(vax("[1,2]"), -1);
	assert_string_equal(err.code, "invalid_body");
	/* A code that is no ISO 6346 code. */
	assert_int_equal(vax("{\"code\":\"CSQU30\",\"confidence\":90,"
	                     "\"timestamp\":\"2026-11-18T12:05:38+01:00\"}"),
	    -1);
	assert_string_equal(err.field, "code");
}

/* --- Dahua --------------------------------------------------------------- */

#define DAHUA_PIC(plate, conf, time)                                               \
	"{\"Picture\":{\"Plate\":{\"PlateNumber\":\"" plate "\","                  \
	"\"PlateColor\":\"Yellow\",\"PlateType\":\"Unknown\",\"Confidence\":" conf \
	",\"BoundingBox\":[4100,3560,4620,3720],\"IsExist\":true,"                 \
	"\"Region\":\"DE\",\"Channel\":0,\"UploadNum\":1},\"Vehicle\":"            \
	"{\"VehicleColor\":\"White\",\"VehicleType\":\"Unknown\"},"                \
	"\"SnapInfo\":{\"AccurateTime\":\"" time "\",\"SnapTime\":"                \
	"\"2026-11-18 18:05:38\",\"Direction\":\"Obverse\",\"LanNo\":1,"           \
	"\"DeviceID\":\"ITC 01\",\"TimeZone\":28,\"OpenStrobe\":false},"           \
	"\"NormalPic\":{\"Content\":\"/9j/4AAQSkZJRg==\",\"PicName\":"             \
	"\"n.jpg\"},\"CutoutPic\":{\"Content\":\"/9j/4AAQ\",\"PicName\":"          \
	"\"c.jpg\"}}}"

static void
test_dahua_tollgate(void **state)
{
	(void)state;
	/* Local time; Bangkok is UTC+7. */
	tz = "Asia/Bangkok";
	assert_int_equal(run(api_vendor_dahua,
	                     DAHUA_PIC("B AB 1234", "87",
	                         "2026-11-18 18:05:38.847")),
	    1);
	assert_string_equal(r.plate.canon, "BAB1234");
	assert_true(r.confidence > 0.869 && r.confidence < 0.871);
	assert_string_equal(r.country, "D");
	assert_int_equal(r.captured, 1794999938);
	assert_int_equal(r.captured_ms, 847);
	/* A picture sent again is the same read: camera and time. */
	assert_int_equal(r.idlen, strlen("ITC01/1794999938847"));
	assert_memory_equal(r.id, "ITC01/1794999938847", r.idlen);
	api_read_wipe(&r);

	/* No plate: Dahua's sentinels, IsExist false. */
	assert_int_equal(run(api_vendor_dahua,
	                     DAHUA_PIC("--", "0", "2026-11-18 18:05:38.847")),
	    0);
	assert_int_equal(run(api_vendor_dahua,
	                     DAHUA_PIC("\xe6\x97\xa0\xe7\x89\x8c", "0",
	                         "2026-11-18 18:05:38.847")),
	    0);
	assert_int_equal(run(api_vendor_dahua,
	                     "{\"Picture\":{\"Plate\":{\"PlateNumber\":"
	                     "\"AB1\",\"IsExist\":false,\"Confidence\":90}}}"),
	    0);
	/* Its KeepAlive, or anything else without a picture or event. */
	assert_int_equal(run(api_vendor_dahua, "{\"DeviceID\":\"ITC 01\"}"), 0);

	assert_int_equal(run(api_vendor_dahua,
	                     DAHUA_PIC("AB1", "187", "2026-11-18 18:05:38")),
	    -1);
	assert_string_equal(err.field, "Picture.Plate.Confidence");
	assert_int_equal(run(api_vendor_dahua,
	                     DAHUA_PIC("AB1", "\"x\"", "2026-11-18 18:05:38")),
	    -1);
	assert_string_equal(err.field, "Picture.Plate.Confidence");
	assert_int_equal(run(api_vendor_dahua,
	                     DAHUA_PIC("A#1", "90", "2026-11-18 18:05:38")),
	    -1);
	assert_string_equal(err.field, "Picture.Plate.PlateNumber");
	assert_int_equal(run(api_vendor_dahua,
	                     DAHUA_PIC("AB1", "90", "18.11.2026 18:05")),
	    -1);
	assert_string_equal(err.field, "Picture.SnapInfo.AccurateTime");
	assert_int_equal(run(api_vendor_dahua,
	                     "{\"Picture\":{\"Plate\":{\"PlateNumber\":"
	                     "\"AB1\",\"Confidence\":90}}}"),
	    -1);
	assert_string_equal(err.code, "missing_field");
	assert_string_equal(err.field, "Picture.SnapInfo.AccurateTime");
	assert_int_equal(
	    run(api_vendor_dahua,
	        "{\"Picture\":{\"Plate\":{\"PlateNumber\":\"AB1\"},"
	        "\"SnapInfo\":{\"AccurateTime\":"
	        "\"2026-11-18 18:05:38\"}}}"),
	    -1);
	assert_string_equal(err.code, "missing_field");
	assert_string_equal(err.field, "Picture.Plate.Confidence");
	assert_int_equal(run(api_vendor_dahua, "[]"), -1);
	assert_string_equal(err.code, "invalid_body");
	tz = "";
	/* A local time and no zone to read it in. */
	assert_int_equal(run(api_vendor_dahua,
	                     DAHUA_PIC("AB1", "90", "2026-11-18 18:05:38")),
	    -1);
	assert_string_equal(err.code, "time_zone_required");
	assert_string_equal(err.field, "Picture.SnapInfo.AccurateTime");
}

/* A TrafficJunction event's Data, its times as given. */
#define DAHUA_DATA(times)                                                      \
	"{\"Action\":\"Pulse\",\"Class\":\"Traffic\",\"Code\":"                \
	"\"TrafficJunction\",\"GroupID\":175706653,\"CountInGroup\":1,"        \
	"\"JunctionDirection\":\"Obverse\",\"Lane\":2,\"LocaleTime\":"         \
	"\"2026-11-18 18:05:38\",\"Name\":\"TrafficTollGate0\","               \
	"\"Object\":{\"ObjectType\":\"Plate\",\"Text\":\"AB1234\","            \
	"\"Confidence\":90,\"BoundingBox\":[0,0,0,0]},\"TimeZone\":12,"        \
	"\"TrafficCar\":{\"PlateNumber\":\"AB1234\",\"Country\":null,"         \
	"\"DrivingDirection\":[\"Leave\",\"Car go out\",\"Car come in\"],"     \
	"\"MachineName\":\"8M049B2PAJF3085\",\"UTC\":1795025138},"             \
	"\"Vehicle\":{\"Confidence\":160}" times "}"

static void
test_dahua_traffic_junction(void **state)
{
	(void)state;
	/* The JSON-RPC stream; another event first.  RealUTC is UTC. */
	assert_int_equal(
	    run(api_vendor_dahua,
	        "{\"id\":3143,\"method\":\"client.notifyEventStream\","
	        "\"params\":{\"SID\":513,\"eventList\":[{\"Action\":\"Pulse\","
	        "\"Code\":\"VideoMotion\",\"Data\":{}},{\"Action\":\"Pulse\","
	        "\"Code\":\"TrafficJunction\",\"Data\":" DAHUA_DATA(
	            ",\"UTC\":1795025138,\"RealUTC\":1794999938,"
	            "\"UTCMS\":305") "}]},\"session\":\"x\"}"),
	    1);
	assert_string_equal(r.plate.canon, "AB1234");
	assert_true(r.confidence > 0.899 && r.confidence < 0.901);
	assert_int_equal(r.captured, 1794999938);
	assert_int_equal(r.captured_ms, 305);
	assert_int_equal(r.idlen, strlen("8M049B2PAJF3085/175706653"));
	assert_memory_equal(r.id, "8M049B2PAJF3085/175706653", r.idlen);
	api_read_wipe(&r);

	/*
	 * Without RealUTC, "UTC" is the local time written as if it were
	 * UTC: 18:05:38 in Bangkok, 11:05:38 UTC.  The event alone.
	 */
	tz = "Asia/Bangkok";
	assert_int_equal(
	    run(api_vendor_dahua,
	        "{\"Code\":\"TrafficJunction\",\"Data\":" DAHUA_DATA(
	            ",\"UTC\":1795025138,\"UTCMS\":5") "}"),
	    1);
	assert_int_equal(r.captured, 1794999938);
	assert_int_equal(r.captured_ms, 5);
	api_read_wipe(&r);
	/* Its Data alone, with LocaleTime only. */
	assert_int_equal(run(api_vendor_dahua, DAHUA_DATA("")), 1);
	assert_int_equal(r.captured, 1794999938);
	api_read_wipe(&r);
	tz = "";
	assert_int_equal(run(api_vendor_dahua,
	                     DAHUA_DATA(",\"UTC\":1795025138")),
	    -1);
	assert_string_equal(err.code, "time_zone_required");
	assert_string_equal(err.field, "Data.UTC");

	/* The captured tricycle: no plate, no read. */
	assert_int_equal(run(api_vendor_dahua,
	                     "{\"Code\":\"TrafficJunction\",\"Data\":{"
	                     "\"Object\":{\"ObjectType\":\"Plate\",\"Text\":"
	                     "\"\",\"Confidence\":0},\"TrafficCar\":{"
	                     "\"PlateColor\":\"Unknown\"},\"RealUTC\":"
	                     "1794999938}}"),
	    0);
	assert_int_equal(run(api_vendor_dahua,
	                     "{\"Code\":\"TrafficJunction\",\"Data\":{"
	                     "\"Object\":{\"ObjectType\":\"Plate\",\"Text\":"
	                     "\"AB12\"},\"RealUTC\":1794999938}}"),
	    -1);
	assert_string_equal(err.field, "Data.Object.Confidence");
	assert_int_equal(run(api_vendor_dahua,
	                     "{\"Code\":\"TrafficJunction\",\"Data\":{"
	                     "\"Object\":{\"ObjectType\":\"Plate\",\"Text\":"
	                     "\"AB12\",\"Confidence\":90},\"RealUTC\":"
	                     "\"soon\"}}"),
	    -1);
	assert_string_equal(err.field, "Data.RealUTC");
	assert_int_equal(run(api_vendor_dahua,
	                     "{\"Code\":\"TrafficJunction\",\"Data\":{"
	                     "\"Object\":{\"ObjectType\":\"Plate\",\"Text\":"
	                     "\"AB12\",\"Confidence\":90}}}"),
	    -1);
	assert_string_equal(err.code, "missing_field");
	assert_string_equal(err.field, "Data.RealUTC");
}

/* --- Genetec -------------------------------------------------------------- */

static int
genetec(const char *text)
{
	struct api_vendor_in in = { 7, NOW, tz };

	memset(&err, 0, sizeof(err));
	return (api_vendor_genetec(text, strlen(text), &in, &r, &err));
}

#define SHARPV(plate, analytics, time)                                         \
	"{ \"ContextCameraName\" : \"Context Camera\", \"ContextImage\" : "    \
	"\"\", \"Id\" : \"32cf870a-46aa-4cfd-914b-00062d98e93a\", "            \
	"\"Latitude\" : 0.0, \"Longitude\" : 0.0, \"LprCameraName\" : "        \
	"\"Lpr Camera\", \"PlateAnalytics\" : [ { \"Key\" : \"State Name\", "  \
	"\"Score\" : -1.0, \"Value\" : \"-\" }" analytics " ], "               \
	"\"PlateImage\" : \"\", \"PlateRead\" : \"" plate "\", "               \
	"\"SourceUrl\" : \"SHARPV12345\", \"Timestamp\" : \"" time "\" }"

#define SHARPV_CONF(v)                                                         \
	", { \"Key\" : \"Confidence Score\", \"Score\" : 1, \"Value\" : " v " }"

static void
test_genetec_sharpv(void **state)
{
	(void)state;
	tz = "Europe/Berlin";
	assert_int_equal(genetec(SHARPV("B AB 1234",
	                     SHARPV_CONF(
	                         "\"87\"") ", { \"Key\" : \"Context\", "
	                                   "\"Score\" : 1.0, \"Value\" : "
	                                   "\"DE\" }",
	                     "2026-11-18T12:05:38.797")),
	    1);
	assert_string_equal(r.plate.canon, "BAB1234");
	assert_true(r.confidence > 0.869 && r.confidence < 0.871);
	assert_string_equal(r.country, "D");
	assert_int_equal(r.captured, 1794999938);
	assert_int_equal(r.captured_ms, 797);
	assert_int_equal(r.idlen, 36);
	api_read_wipe(&r);
	tz = "";

	/* XML, its own zone, "-" as the context: no country. */
	assert_int_equal(
	    genetec(
	        "\n<Plate>\n  <ContextCameraName>Context Camera"
	        "</ContextCameraName>\n  <ContextImage/>\n  <Id>"
	        "32cf870a-46aa-4cfd-914b-00062d98e93a</Id>\n  <PlateAnalytics>"
	        "\n    <PlateAnalytics>\n      <Key>Context</Key>\n      "
	        "<Score>-1.0</Score>\n      <Value>-</Value>\n    "
	        "</PlateAnalytics>\n    <PlateAnalytics>\n      <Key>"
	        "Confidence Score</Key>\n      <Score>1</Score>\n    <Value>"
	        "100</Value>\n    </PlateAnalytics>\n  </PlateAnalytics>\n  "
	        "<PlateImage/>\n  <PlateRead>M XY 12</PlateRead>\n  "
	        "<Timestamp>2026-11-18T11:05:38Z</Timestamp>\n</Plate>\n"),
	    1);
	assert_string_equal(r.plate.canon, "MXY12");
	assert_true(r.confidence > 0.999);
	assert_string_equal(r.country, "");
	assert_int_equal(r.captured, 1794999938);
	api_read_wipe(&r);

	/* A read without a plate. */
	assert_int_equal(genetec(SHARPV("-", SHARPV_CONF("100"),
	                     "2026-11-18T11:05:38Z")),
	    0);
}

static void
test_genetec_refusals(void **state)
{
	(void)state;
	assert_int_equal(genetec(SHARPV("AB1", "", "2026-11-18T11:05:38Z")),
	    -1);
	assert_string_equal(err.code, "missing_field");
	assert_string_equal(err.field, "PlateAnalytics.Confidence Score");
	assert_int_equal(genetec(SHARPV("AB1", SHARPV_CONF("\"-\""),
	                     "2026-11-18T11:05:38Z")),
	    -1);
	assert_string_equal(err.field, "PlateAnalytics.Confidence Score");
	assert_int_equal(genetec(SHARPV("AB1", SHARPV_CONF("250"),
	                     "2026-11-18T11:05:38Z")),
	    -1);
	assert_string_equal(err.field, "PlateAnalytics.Confidence Score");
	assert_int_equal(genetec(SHARPV("A#1", SHARPV_CONF("90"),
	                     "2026-11-18T11:05:38Z")),
	    -1);
	assert_string_equal(err.field, "PlateRead");
	assert_int_equal(genetec(SHARPV("AB1", SHARPV_CONF("90"),
	                     "2026-11-18T12:05:38.797")),
	    -1);
	assert_string_equal(err.code, "time_zone_required");
	assert_string_equal(err.field, "Timestamp");
	assert_int_equal(genetec(SHARPV("AB1", SHARPV_CONF("90"),
	                     "2026:11:18 12:05:38")),
	    -1);
	assert_string_equal(err.field, "Timestamp");
	assert_int_equal(genetec(
	                     "{\"PlateRead\":\"AB1\",\"PlateAnalytics\":[{"
	                     "\"Key\":\"Confidence Score\",\"Value\":90}]}"),
	    -1);
	assert_string_equal(err.code, "missing_field");
	assert_string_equal(err.field, "Timestamp");
	assert_int_equal(genetec("{\"PlateRead\":\"AB1\""), -1);
	assert_string_equal(err.code, "invalid_json");
	assert_int_equal(genetec("<Plate><PlateRead>AB1</PlateRead>"), -1);
	assert_string_equal(err.code, "invalid_body");
	assert_int_equal(genetec("<?xml version=\"1.0\"?><!DOCTYPE Plate ["
	                         "<!ENTITY x \"AB1\">]><Plate><PlateRead>&x;"
	                         "</PlateRead></Plate>"),
	    -1);
	assert_string_equal(err.message,
	    "a document type declaration is not taken");
	assert_int_equal(genetec("<AutoVu><Plate>AB1</Plate></AutoVu>"), -1);
	assert_string_equal(err.message, "the document is no Plate");
}

#define AXIS_ID_HEAD                                                           \
	"{\"plateUTF8\":\"AB1\",\"plateConfidence\":\"0.9\","                  \
	"\"capture_timestamp\":\"1794999938000\",\"carID\":\""

/* A field far larger than any plate, in every vendor's payload. */
static void
test_huge_fields_are_refused_naming_them(void **state)
{
	static const struct {
		adapter json; /* or */
		int (*text)(const char *);
		const char *fmt; /* %s: the huge value */
		const char *field;
	} cases[] = {
		{ api_vendor_openalpr, NULL,
		    "{\"data_type\":\"alpr_group\",\"epoch_start\":1794999990250,"
		    "\"best_plate_number\":\"%s\",\"best_confidence\":90}",
		    "best_plate_number" },
		{ api_vendor_platerecognizer, NULL,
		    "{\"data\":{\"timestamp\":\"2026-11-18T11:05:38Z\","
		    "\"results\":[{\"plate\":\"%s\",\"score\":0.9}]}}",
		    "data.results[].plate" },
		{ api_vendor_axis, NULL,
		    "{\"plateUTF8\":\"%s\",\"plateConfidence\":\"0.9\","
		    "\"capture_timestamp\":\"1794999938000\"}",
		    "plateUTF8" },
		{ api_vendor_dahua, NULL,
		    "{\"Picture\":{\"Plate\":{\"PlateNumber\":\"%s\","
		    "\"Confidence\":90},\"SnapInfo\":{\"AccurateTime\":"
		    "\"2026-11-18 12:05:38\"}}}",
		    "Picture.Plate.PlateNumber" },
		{ api_vendor_axis, NULL,
		    "{\"plateUTF8\":\"AB1\",\"plateConfidence\":\"0.9\","
		    "\"capture_timestamp\":\"1794999938000\",\"carID\":\"%s\"}",
		    "carID" },
		{ NULL, hik,
		    HIK_HEAD "<dateTime>2026-11-18T12:05:38+01:00</dateTime>"
		             "<ANPR><licensePlate>%s</licensePlate>"
		             "<confidenceLevel>90</confidenceLevel></ANPR>"
		             "</EventNotificationAlert>",
		    "ANPR.licensePlate" },
		{ NULL, vax,
		    "{\"plate\":\"%s\",\"confidence\":90,\"date\":"
		    "\"2026-11-18T12:05:38+01:00\"}",
		    "plate" },
		{ NULL, genetec,
		    "<Plate><PlateRead>%s</PlateRead><PlateAnalytics>"
		    "<PlateAnalytics><Key>Confidence Score</Key><Value>90"
		    "</Value></PlateAnalytics></PlateAnalytics><Timestamp>"
		    "2026-11-18T11:05:38Z</Timestamp></Plate>",
		    "PlateRead" },
	};
	char   huge[20001], first[64], *doc;
	size_t i, n;
	int    rc;

	(void)state;
	tz = "Europe/Berlin";
	memset(huge, 'A', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = strlen(cases[i].fmt) + sizeof(huge);
		doc = malloc(n);
		assert_non_null(doc);
		(void)snprintf(doc, n, cases[i].fmt, huge);
		rc = cases[i].json != NULL ? run(cases[i].json, doc) :
		                             cases[i].text(doc);
		free(doc);
		assert_int_equal(rc, -1);
		assert_int_equal(err.status, 400);
		assert_string_equal(err.field, cases[i].field);
	}
	tz = "";

	/* An id longer than ours: its SHA-256 in hex, the same each time. */
	huge[100] = '\0';
	doc = malloc(512);
	assert_non_null(doc);
	(void)snprintf(doc, 512, "%s%.100s\"}", AXIS_ID_HEAD, huge);
	assert_int_equal(run(api_vendor_axis, doc), 1);
	assert_int_equal(r.idlen, 64);
	assert_int_equal(strspn(r.id, "0123456789abcdef"), 64);
	memcpy(first, r.id, 64);
	api_read_wipe(&r);
	assert_int_equal(run(api_vendor_axis, doc), 1);
	assert_memory_equal(r.id, first, 64);
	api_read_wipe(&r);
	huge[99] = 'B';
	(void)snprintf(doc, 512, "%s%.100s\"}", AXIS_ID_HEAD, huge);
	assert_int_equal(run(api_vendor_axis, doc), 1);
	assert_memory_not_equal(r.id, first, 64);
	api_read_wipe(&r);
	free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openalpr_group),
		cmocka_unit_test(
		    test_openalpr_results_take_the_best_frame_result),
		cmocka_unit_test(test_openalpr_messages_without_a_read),
		cmocka_unit_test(test_openalpr_refusals_name_its_fields),
		cmocka_unit_test(test_platerecognizer_stream_webhook),
		cmocka_unit_test(test_platerecognizer_container),
		cmocka_unit_test(test_platerecognizer_refusals),
		cmocka_unit_test(test_local_times_in_the_device_zone),
		cmocka_unit_test(test_axis_event),
		cmocka_unit_test(test_hikvision_event),
		cmocka_unit_test(test_hikvision_refusals),
		cmocka_unit_test(test_vaxtor_templates),
		cmocka_unit_test(test_vaxtor_refusals),
		cmocka_unit_test(test_dahua_tollgate),
		cmocka_unit_test(test_dahua_traffic_junction),
		cmocka_unit_test(test_genetec_sharpv),
		cmocka_unit_test(test_genetec_refusals),
		cmocka_unit_test(test_huge_fields_are_refused_naming_them),
	};

	api_vendor_init();
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
