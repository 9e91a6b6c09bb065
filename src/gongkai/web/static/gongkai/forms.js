/* gongkai: how much of a text's limit is used, shown under each limited text box while typing. */
document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
  var input = document.getElementById(counter.dataset.counterFor);
  if (!input || !(input.maxLength > 0)) { return; }
  function update() {
    var n = input.value.length;
    counter.textContent = counter.dataset.template.replace("{n}", n).replace("{max}", input.maxLength);
    counter.classList.toggle("over", n >= input.maxLength);
  }
  input.addEventListener("input", update);
  update();
});
