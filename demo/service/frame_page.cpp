#include "service/frame_page.hpp"

#include "common/http_util.hpp"

namespace idv::demo {
namespace {

// Relative URLs: the page also works when the service lives under a path prefix.
constexpr const char* kFrameHtml = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Identity verification</title>
<link rel="stylesheet" href="frame.css">
</head>
<body>
<div id="widget"></div>
<script src="idv-widget.js"></script>
<script src="frame.js"></script>
</body>
</html>
)";

// The parent sizes the iframe to the height we report: nothing may scroll in here.
constexpr const char* kFrameCss =
    "html,body{margin:0;padding:0;overflow:hidden;background:transparent}\n";

// Not set_security_headers(): that one forbids framing, which is this page's purpose.
void frame_headers(http::Response& res) {
  res.set_header("Content-Security-Policy", kFrameCsp);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-cache");
}

void serve_dist(http::Response& res, const std::string& path) {
  frame_headers(res);
  if (!send_file(res, path, content_type_for(path)))
    send_error(res, 404, "widget_not_built", "the widget is not built: run scripts/build");
}

}  // namespace

void register_frame_page(http::Router& router, const std::string& dist_dir) {
  router.get("/widget/frame", [](const http::Request&, http::Response& res) {
    frame_headers(res);
    res.set_content(kFrameHtml, "text/html; charset=utf-8");
  });
  router.get("/widget/frame.css", [](const http::Request&, http::Response& res) {
    frame_headers(res);
    res.set_content(kFrameCss, "text/css; charset=utf-8");
  });
  router.get("/widget/frame.js", [dist_dir](const http::Request&, http::Response& res) {
    serve_dist(res, dist_dir + "/idv-widget-frame-inside.js");
  });
  // The widget exactly as a merchant would host it: the .wasm and catalogues beside the script.
  router.get(
      R"(/widget/(idv-widget\.(js|wasm)|idv-widget\.messages/[a-z]{2,3}(-[A-Za-z0-9]{2,8})?\.json))",
      [dist_dir](const http::Request& req, http::Response& res) {
        serve_dist(res, dist_dir + "/" + req.matches[1]);
      });
}

}  // namespace idv::demo
