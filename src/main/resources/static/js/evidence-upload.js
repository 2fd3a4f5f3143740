// Evidence uploads with tus: resumable, so a dropped connection (a phone changing networks) picks up where it stopped.
(function () {
  function setUp(box) {
    var form = box.querySelector('.upload-form');
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    var disputeId = box.getAttribute('data-dispute');
    var progress = box.querySelector('.progress');
    var status = box.querySelector('.status');
    var chosen = box.querySelector('.chosen');
    var start = box.querySelector('.start'), pause = box.querySelector('.pause'), resume = box.querySelector('.resume');
    var texts = {};
    box.querySelectorAll('template.texts').forEach(function (t) {
      t.content.querySelectorAll('[data-key]').forEach(function (s) { texts[s.getAttribute('data-key')] = s.textContent; });
    });
    var file = null, upload = null;

    function pick(f) {
      file = f;
      chosen.textContent = f ? f.name + ' (' + Math.round(f.size / 1024) + ' KB)' : '';
      if (f) {
        var kind = form.querySelector('[name=kind]');
        if (f.type.indexOf('video/') === 0) { kind.value = 'video'; }
        else if (f.type.indexOf('image/') === 0) { kind.value = 'photo'; }
        else if (f.type === 'application/pdf') { kind.value = 'document'; }
        else if (f.type.indexOf('zip') >= 0) { kind.value = 'archive'; }
      }
    }
    box.querySelectorAll('input.file').forEach(function (input) {
      input.addEventListener('change', function () { pick(input.files[0]); });
    });
    var zone = box.querySelector('.dropzone');
    zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
    zone.addEventListener('drop', function (e) {
      e.preventDefault(); zone.classList.remove('over');
      if (e.dataTransfer.files.length) { pick(e.dataTransfer.files[0]); }
    });

    function value(name) {
      var field = form.querySelector('[name=' + name + ']');
      return field && field.value ? field.value.trim() : '';
    }

    start.addEventListener('click', function () {
      if (!file) { status.textContent = texts.noFile; return; }
      if (!value('description')) { status.textContent = texts.noDescription; form.querySelector('[name=description]').focus(); return; }
      var metadata = {filename: file.name, kind: value('kind'), description: value('description')};
      if (value('requirement')) { metadata.requirement = value('requirement'); }
      if (value('piece')) { metadata.piece = value('piece'); }
      var headers = {};
      var csrf = window.arbiter.csrf();
      if (csrf) { headers[csrf.header] = csrf.token; }
      upload = new tus.Upload(file, {
        endpoint: '/api/v1/disputes/' + disputeId + '/uploads',
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
        chunkSize: 4 * 1024 * 1024,
        metadata: metadata,
        headers: headers,
        removeFingerprintOnSuccess: true,
        onProgress: function (sent, total) {
          progress.hidden = false;
          progress.value = total ? Math.floor(sent * 100 / total) : 0;
          status.textContent = progress.value + ' %';
        },
        onShouldRetry: function (err, attempt, options) {
          var code = err.originalResponse ? err.originalResponse.getStatus() : 0;
          if (code >= 400 && code < 500 && code !== 409 && code !== 423) { return false; }
          status.textContent = texts.retrying;
          return true;
        },
        onError: function (err) {
          var detail = err.message;
          try { detail = JSON.parse(err.originalResponse.getBody()).detail || detail; } catch (ignored) { /* not JSON */ }
          status.textContent = texts.failed + ' ' + detail;
          start.hidden = false; pause.hidden = true; resume.hidden = true;
        },
        onSuccess: function () {
          progress.value = 100;
          status.textContent = texts.done;
          window.location.reload();
        }
      });
      window.arbiter.currentUpload = upload;
      start.hidden = true; pause.hidden = false;
      upload.findPreviousUploads().then(function (previous) {
        if (previous.length) { upload.resumeFromPreviousUpload(previous[0]); }
        upload.start();
      });
    });
    pause.addEventListener('click', function () {
      if (upload) { upload.abort(); status.textContent = texts.paused; pause.hidden = true; resume.hidden = false; }
    });
    resume.addEventListener('click', function () {
      if (upload) { upload.start(); pause.hidden = false; resume.hidden = true; }
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.uploader').forEach(setUp);
  });
})();
