package io.latticeshop.local.http;

/**
 * Reason phrases for the status line. Clients ignore them, but people reading a capture
 * or a client's error message do not.
 */
final class Reasons {

	private Reasons() {
	}

	/** The phrase with its leading space; just the space for codes without one. */
	static String phrase(int status) {
		return switch (status) {
			case 100 -> " Continue";
			case 200 -> " OK";
			case 201 -> " Created";
			case 202 -> " Accepted";
			case 203 -> " Non-Authoritative Information";
			case 204 -> " No Content";
			case 205 -> " Reset Content";
			case 206 -> " Partial Content";
			case 300 -> " Multiple Choices";
			case 301 -> " Moved Permanently";
			case 302 -> " Found";
			case 303 -> " See Other";
			case 304 -> " Not Modified";
			case 307 -> " Temporary Redirect";
			case 308 -> " Permanent Redirect";
			case 400 -> " Bad Request";
			case 401 -> " Unauthorized";
			case 402 -> " Payment Required";
			case 403 -> " Forbidden";
			case 404 -> " Not Found";
			case 405 -> " Method Not Allowed";
			case 406 -> " Not Acceptable";
			case 407 -> " Proxy Authentication Required";
			case 408 -> " Request Timeout";
			case 409 -> " Conflict";
			case 410 -> " Gone";
			case 411 -> " Length Required";
			case 412 -> " Precondition Failed";
			case 413 -> " Content Too Large";
			case 414 -> " URI Too Long";
			case 415 -> " Unsupported Media Type";
			case 416 -> " Range Not Satisfiable";
			case 417 -> " Expectation Failed";
			case 422 -> " Unprocessable Content";
			case 428 -> " Precondition Required";
			case 429 -> " Too Many Requests";
			case 431 -> " Request Header Fields Too Large";
			case 500 -> " Internal Server Error";
			case 501 -> " Not Implemented";
			case 502 -> " Bad Gateway";
			case 503 -> " Service Unavailable";
			case 504 -> " Gateway Timeout";
			case 505 -> " HTTP Version Not Supported";
			default -> " ";
		};
	}

}
