// Fills the hidden latitude/longitude/accuracy inputs of case forms with the device location,
// when the browser offers it and the officer allows it. Optional: forms work without it.
(function () {
  if (!navigator.geolocation || !document.querySelector('.geo-lat')) return;
  var status = document.querySelectorAll('.geo-status');
  function say(t) { for (var i = 0; i < status.length; i++) status[i].textContent = t; }
  navigator.geolocation.getCurrentPosition(function (pos) {
    var f = function (cls, v) { var xs = document.querySelectorAll(cls); for (var i = 0; i < xs.length; i++) xs[i].value = v; };
    f('.geo-lat', pos.coords.latitude.toFixed(6));
    f('.geo-lon', pos.coords.longitude.toFixed(6));
    f('.geo-acc', String(Math.round(pos.coords.accuracy)));
    say('已记录设备位置（精度约 ' + Math.round(pos.coords.accuracy) + ' 米）');
  }, function () { say('未获取设备位置，可手工填写地点'); }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
})();
