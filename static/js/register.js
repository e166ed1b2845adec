// Propose the city from characters 3-6 of the credit code while the user types (the server does the same).
(function () {
  var code = document.getElementById("id_credit_code");
  var city = document.getElementById("id_city");
  if (!code || !city) return;
  var codes = JSON.parse(document.getElementById("city-codes").textContent);  // division code -> option value
  var merged = { "3712": "3701" };  // Laiwu merged into Jinan in 2019
  code.addEventListener("input", function () {
    var value = code.value.replace(/\s+/g, "").toUpperCase();
    if (value.length < 6 || city.dataset.touched) return;
    var prefix = value.substring(2, 6);
    prefix = merged[prefix] || prefix;
    var target = prefix + "00";
    if (codes[target]) city.value = String(codes[target]);
  });
  city.addEventListener("change", function () { city.dataset.touched = "1"; });
})();
