//! The batch's workers: several check workers (as many as the machine has cores, at most [`MAX_WORKERS`]) that
//! take the batch's filings one at a time. A filing that crashes its worker, or keeps it past the timeout, costs
//! that filing only: it gets an unreadable line with the reason, the worker is started again and goes on. Files
//! stay `Blob`s on the page until their filing's turn, so the page holds no filing's bytes but the ones sent to
//! a worker; a zip's files stay packed in the zip until then, and the worker that checks one takes it out. Each worker has [`IN_FLIGHT`] filings sent to
//! it, the next ones waiting in its queue while it checks one: it never waits for the page to read a file or to
//! take its last answer. Cancelling stops every worker.
//!
//! The workers can be started before the files are chosen ([`prepare`], when the reviewer opens the folder
//! picker): they check the app's sample filings meanwhile (as batch filings, their lines dropped), so that
//! the browser has optimised their code by the time the batch arrives, and the batch takes them over.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker};

use crate::display::BatchLine;
use crate::i18n::zh_only;
use crate::protocol::{ProfileSource, Request, Response};
use crate::worker::unreadable_line;

/// The worker build with every reader: a batch holds xls and doc files more often than not.
const WORKER_URL: &str = "./xls-worker_loader.js";
pub const MAX_WORKERS: usize = 4;
/// A filing checked longer than this is stopped and its worker started again.
const TIMEOUT_MS: i32 = 60_000;
/// Filings sent to one worker at a time: the one it checks and the next ones, read and waiting in its queue (with
/// two, a worker still waited for the disk a quarter of the time; with four, 500 filings took 1.8 s instead of
/// 2.5; eight were no faster, nor twelve once files were read through their streams). The worker answers in
/// order, so the first one sent and not answered is the one it is checking.
const IN_FLIGHT: usize = 4;
/// Sample checks each prepared worker runs while the reviewer chooses a folder. Chromium optimises a function
/// once it has run enough: after twelve rounds it still spent 2.0–2.2 s of compiling during a 500-filing batch,
/// after fifty 0.9–1.1 s (the rest went into the two seconds of the dialog; `tests/browser/bench-compile.mjs
/// picker`). Each round takes a few milliseconds, and a batch that comes meanwhile waits for one at most.
const WARM_ROUNDS: u32 = 50;
/// Prepared workers not taken by a batch within this time are stopped.
const PREPARED_MS: i32 = 120_000;

/// One filing to check: its place in the batch, its name in the summary, its files (name, contents).
pub struct Job {
    pub index: usize,
    pub material: String,
    pub files: Vec<(String, Source)>,
}

/// Where a batch file's bytes are.
#[derive(Clone)]
pub enum Source {
    /// A file of a folder (or an empty blob, for a file a zip could not give).
    File(Blob),
    /// A file of a zip of submissions, still packed: the zip and where the file is in it.
    Packed(Zip, zicha_core::read::Packed),
}

/// A zip of submissions, as the batch holds it.
#[derive(Clone)]
pub enum Zip {
    /// Read whole, within the readers' size limit: one read of the zip is quicker than one per file.
    Held(js_sys::Uint8Array),
    /// Larger: left where the user's file is, each file's bytes read from it when its filing is checked or opened.
    /// (A slice of the whole file, not the picked `File`, whose every slice asks the browser its length.)
    OnDisk(Blob),
}

impl Zip {
    /// A packed file's bytes of the zip (`packed.start..packed.end`, its local header first), as an
    /// `ArrayBuffer`: copied out of a zip held whole, read from one on the disk.
    pub async fn packed_bytes(&self, name: &str, packed: &zicha_core::read::Packed) -> Result<JsValue, String> {
        match self {
            Zip::Held(zip) => Ok(zip.slice(packed.start as u32, packed.end as u32).buffer().into()),
            Zip::OnDisk(zip) => {
                let part = zip
                    .slice_with_f64_and_f64(packed.start as f64, packed.end as f64)
                    .map_err(|_| zh_only::FILE_UNREADABLE.to_string())?;
                read_capped(name, &part).await
            }
        }
    }
}

/// What the page hears: a filing's line, by its index.
type OnLine = Rc<dyn Fn(usize, BatchLine)>;

/// A filing sent to a worker: its job (kept, to be sent again if the worker is lost before it) and request id.
struct Sent {
    job: Job,
    id: u32,
}

struct Slot {
    worker: Worker,
    /// The worker has started (answered `Ready`).
    ready: bool,
    /// Sample checks left to send while no batch has come ([`WARM_ROUNDS`]).
    warm_rounds: u32,
    /// The request id of the sample check sent and not answered.
    warming: Option<u32>,
    /// Which worker this is of the ones the slot has had (a file read for a lost one goes back to the queue).
    generation: u32,
    /// Sent and not yet answered, in the order sent: the first is being checked.
    sent: VecDeque<Sent>,
    /// Filings taken from the queue whose files are being read, to be sent.
    reading: usize,
    /// The timer that stops the first filing sent, when it takes too long.
    timer: Option<i32>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

struct Pool {
    queue: VecDeque<Job>,
    slots: Vec<Option<Slot>>,
    profile: ProfileSource,
    templates: Vec<String>,
    on_line: OnLine,
    next_id: u32,
    /// A batch has been given to the pool (false while its workers are only prepared).
    started: bool,
    /// The sample filings the prepared workers check (name, contents), once fetched.
    samples: Vec<(String, js_sys::ArrayBuffer)>,
    /// The timer that stops prepared workers no batch has taken ([`PREPARED_MS`]).
    expiry: Option<i32>,
}

impl Pool {
    /// No filing is waiting, being read or being checked.
    fn is_free(&self) -> bool {
        self.queue.is_empty() && self.slots.iter().flatten().all(|s| s.sent.is_empty() && s.reading == 0)
    }
}

thread_local! {
    static POOL: RefCell<Option<Pool>> = const { RefCell::new(None) };
}

/// How many workers this machine gets.
pub fn worker_count() -> usize {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
    (cores as usize).clamp(1, MAX_WORKERS)
}

/// Checks the jobs in `workers` workers; `on_line` hears each filing's line as it comes (in any order).
pub fn run(
    jobs: Vec<Job>,
    profile: ProfileSource,
    templates: Vec<String>,
    workers: usize,
    on_line: impl Fn(usize, BatchLine) + 'static,
) {
    let workers = workers.min(jobs.len()).max(1);
    // Workers with nothing to check (prepared and warming up, or done with the last batch) are taken over, their
    // code already optimised; a pool still checking is stopped.
    if POOL.with(|p| p.borrow().as_ref().is_some_and(Pool::is_free)) {
        let have = POOL.with(|p| {
            let mut pool = p.borrow_mut();
            let pool = pool.as_mut().expect("checked above");
            (pool.queue, pool.profile, pool.templates) = (jobs.into(), profile, templates);
            pool.on_line = Rc::new(on_line);
            pool.started = true;
            if let Some(timer) = pool.expiry.take() {
                clear_timer(timer);
            }
            let have = pool.slots.len();
            pool.slots.resize_with(have.max(workers), || None);
            pool.slots.iter().map(Option::is_some).collect::<Vec<_>>()
        });
        for (slot, alive) in have.into_iter().enumerate() {
            if alive { fill(slot) } else { spawn(slot, 0) }
        }
        return;
    }
    cancel();
    install(jobs.into(), profile, templates, Rc::new(on_line), workers, true);
}

/// Starts `workers` workers before a batch is given (the reviewer is choosing a folder): each checks built-in
/// samples until the batch comes, and [`run`] takes them over. Stopped if no batch comes within
/// [`PREPARED_MS`]; nothing is done while a pool exists.
pub fn prepare(workers: usize) {
    if POOL.with(|p| p.borrow().is_some()) {
        return;
    }
    install(VecDeque::new(), ProfileSource::Auto, Vec::new(), Rc::new(|_, _| {}), workers.max(1), false);
    wasm_bindgen_futures::spawn_local(fetch_samples());
    // Cleared when a batch takes the workers over or the pool is stopped, so it can stop no other pool.
    let on_timeout = Closure::once_into_js(cancel);
    let expiry = web_sys::window().and_then(|window| {
        window.set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.unchecked_ref(), PREPARED_MS).ok()
    });
    POOL.with(|p| {
        if let Some(pool) = p.borrow_mut().as_mut() {
            pool.expiry = expiry;
        }
    });
}

fn install(
    queue: VecDeque<Job>,
    profile: ProfileSource,
    templates: Vec<String>,
    on_line: OnLine,
    workers: usize,
    started: bool,
) {
    POOL.with(|p| {
        *p.borrow_mut() = Some(Pool {
            queue,
            slots: (0..workers).map(|_| None).collect(),
            profile,
            templates,
            on_line,
            next_id: 0,
            started,
            samples: Vec::new(),
            expiry: None,
        })
    });
    for slot in 0..workers {
        spawn(slot, if started { 0 } else { WARM_ROUNDS });
    }
}

/// Stops every worker; the filings not yet checked stay unchecked.
pub fn cancel() {
    POOL.with(|p| {
        if let Some(pool) = p.borrow_mut().take() {
            if let Some(timer) = pool.expiry {
                clear_timer(timer);
            }
            for slot in pool.slots.into_iter().flatten() {
                slot.worker.terminate();
                if let Some(timer) = slot.timer {
                    clear_timer(timer);
                }
            }
        }
    });
}

fn clear_timer(timer: i32) {
    if let Some(window) = web_sys::window() {
        window.clear_timeout_with_handle(timer);
    }
}

/// Starts the slot's worker; `warm_rounds` sample checks are its to run until a batch comes.
fn spawn(slot: usize, warm_rounds: u32) {
    let Some(generation) = POOL.with(|p| {
        let mut pool = p.borrow_mut();
        let pool = pool.as_mut()?;
        pool.next_id += 1;
        Some(pool.next_id)
    }) else {
        return;
    };
    let options = web_sys::WorkerOptions::new();
    let Ok(worker) = Worker::new_with_options(WORKER_URL, &options) else {
        // No worker can be started: the rest of the batch cannot be checked.
        fail_all(zh_only::WORKER_UNAVAILABLE);
        return;
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let json = event.data().as_string().unwrap_or_default();
        match serde_json::from_str::<Response>(&json) {
            Ok(Response::Ready { .. }) => started(slot),
            Ok(Response::Summary { id, line }) => finished(slot, id, line),
            _ => {}
        }
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        event.prevent_default();
        crashed(slot, generation, &zh_only::worker_error(&event.message()));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    POOL.with(|p| {
        if let Some(pool) = p.borrow_mut().as_mut() {
            pool.slots[slot] = Some(Slot {
                worker,
                ready: false,
                warm_rounds,
                warming: None,
                generation,
                sent: VecDeque::new(),
                reading: 0,
                timer: None,
                _on_message: on_message,
                _on_error: on_error,
            });
        } else {
            worker.terminate();
        }
    });
}

/// Every filing still waiting gets the reason as its line.
fn fail_all(why: &str) {
    let (jobs, on_line) = POOL.with(|p| {
        let mut pool = p.borrow_mut();
        let Some(pool) = pool.as_mut() else { return (Vec::new(), None) };
        (pool.queue.drain(..).collect::<Vec<_>>(), Some(pool.on_line.clone()))
    });
    if let Some(on_line) = on_line {
        for job in jobs {
            on_line(job.index, unreadable_line(&job.material, why));
        }
    }
}

fn started(slot: usize) {
    POOL.with(|p| {
        if let Some(worker_slot) = p.borrow_mut().as_mut().and_then(|pool| pool.slots[slot].as_mut()) {
            worker_slot.ready = true;
        }
    });
    fill(slot);
}

/// Gives the slot's worker filings from the queue, once their files are read, until it has [`IN_FLIGHT`];
/// before a batch has come, a sample check at a time (one sent when the batch comes is checked first).
fn fill(slot: usize) {
    warm(slot);
    loop {
        let job = POOL.with(|p| {
            let mut pool = p.borrow_mut();
            let pool = pool.as_mut()?;
            let worker_slot = pool.slots[slot].as_mut().filter(|s| s.ready)?;
            if worker_slot.sent.len() + worker_slot.reading >= IN_FLIGHT {
                return None;
            }
            let job = pool.queue.pop_front()?;
            worker_slot.reading += 1;
            Some((job, worker_slot.generation))
        });
        let Some((job, generation)) = job else { return };
        wasm_bindgen_futures::spawn_local(read_and_send(slot, generation, job));
    }
}

/// Sends the slot's worker its next sample check, while the pool is only prepared and the worker is free.
fn warm(slot: usize) {
    POOL.with(|p| {
        let mut pool = p.borrow_mut();
        let Some(pool) = pool.as_mut().filter(|pool| !pool.started && !pool.samples.is_empty()) else { return };
        let Some(worker_slot) =
            pool.slots[slot].as_mut().filter(|s| s.ready && s.warming.is_none() && s.warm_rounds > 0)
        else {
            return;
        };
        worker_slot.warm_rounds -= 1;
        let (name, bytes) = &pool.samples[worker_slot.warm_rounds as usize % pool.samples.len()];
        pool.next_id += 1;
        worker_slot.warming = Some(pool.next_id);
        let request = Request::Summarise {
            id: pool.next_id,
            material: WARM_UP.into(),
            files: vec![name.clone()],
            profile: ProfileSource::Auto,
            templates: Vec::new(),
            packed: Vec::new(),
        };
        let json = serde_json::to_string(&request).expect("requests serialise");
        let copy = bytes.slice(0);
        let message = js_sys::Array::of2(&JsValue::from_str(&json), &copy);
        let _ = worker_slot.worker.post_message_with_transfer(&message, &js_sys::Array::of1(&copy));
    })
}

/// The sample filings beside the app (`index.html` copies them into `sample/`): a workbook and a Word filing,
/// as a batch holds both.
const SAMPLES: [&str; 2] = ["seed-all-forms-one-sheet.xlsx", "seed-word.docx"];
/// What a sample check's request calls its filing.
const WARM_UP: &str = "warm-up";

/// Fetches the sample filings for the prepared workers, then sends each worker its first (the page's own
/// files, from the service worker's cache when offline). Without them the workers only wait.
async fn fetch_samples() {
    let mut samples = Vec::new();
    for name in SAMPLES {
        let fetched = async {
            let response: web_sys::Response =
                JsFuture::from(web_sys::window()?.fetch_with_str(&format!("./sample/{name}")))
                    .await
                    .ok()?
                    .dyn_into()
                    .ok()?;
            if !response.ok() {
                return None;
            }
            JsFuture::from(response.array_buffer().ok()?).await.ok()?.dyn_into::<js_sys::ArrayBuffer>().ok()
        };
        if let Some(bytes) = fetched.await {
            samples.push((name.to_string(), bytes));
        }
    }
    let slots = POOL.with(|p| {
        let mut pool = p.borrow_mut();
        let pool = pool.as_mut().filter(|pool| !pool.started)?;
        pool.samples = samples;
        Some(pool.slots.len())
    });
    (0..slots.unwrap_or(0)).for_each(fill);
}

/// Reads a filing's files and sends it (the page reads, so that a worker checks while the next filing's files
/// come off the disk; reading in the worker made a 500-filing batch a tenth slower). A file over the readers'
/// size limit is not read: its filing's line says so.
async fn read_and_send(slot: usize, generation: u32, job: Job) {
    let mut buffers = Vec::with_capacity(job.files.len());
    for (name, source) in &job.files {
        let read = match source {
            Source::File(blob) => read_capped(name, blob).await,
            // The packed bytes alone, transferred: a zip held stays whole on the page.
            Source::Packed(zip, packed) => zip.packed_bytes(name, packed).await,
        };
        match read {
            Ok(buffer) => buffers.push(buffer),
            Err(why) => {
                let on_line = POOL.with(|p| {
                    let mut pool = p.borrow_mut();
                    let pool = pool.as_mut()?;
                    if let Some(worker_slot) = pool.slots[slot].as_mut().filter(|s| s.generation == generation) {
                        worker_slot.reading -= 1;
                    }
                    Some(pool.on_line.clone())
                });
                if let Some(on_line) = on_line {
                    on_line(job.index, unreadable_line(&job.material, &why));
                }
                return fill(slot);
            }
        }
    }
    if !send(slot, generation, job, buffers) {
        fill(slot);
    }
}

/// A file's bytes, as an `ArrayBuffer`, unless it holds more than the readers' limit. Read through its stream,
/// stopping past the limit: a picked file's `size`, and `slice`, ask the browser for the file's length by a
/// synchronous call that held the page's thread 470 ms over a 500-filing batch, while the workers waited.
async fn read_capped(name: &str, blob: &Blob) -> Result<JsValue, String> {
    const LIMIT: usize = zicha_core::read::limits::MAX_FILE_BYTES;
    let unreadable = |_| zh_only::FILE_UNREADABLE.to_string();
    let reader: web_sys::ReadableStreamDefaultReader = blob.stream().get_reader().unchecked_into();
    let mut chunks: Vec<js_sys::Uint8Array> = Vec::new();
    let mut total = 0usize;
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(unreadable)?;
        if js_sys::Reflect::get(&step, &"done".into()).map_err(unreadable)?.is_truthy() {
            break;
        }
        let chunk: js_sys::Uint8Array =
            js_sys::Reflect::get(&step, &"value".into()).map_err(unreadable)?.unchecked_into();
        total += chunk.length() as usize;
        if total > LIMIT {
            let _ = reader.cancel();
            return Err(zicha_core::read::ReadError::file_too_large(name).to_string());
        }
        chunks.push(chunk);
    }
    // Usually one chunk holding its own buffer, sent as it is.
    if let [chunk] = chunks.as_slice() {
        let buffer = chunk.buffer();
        if chunk.byte_offset() == 0 && chunk.byte_length() == buffer.byte_length() {
            return Ok(buffer.into());
        }
    }
    let whole = js_sys::Uint8Array::new_with_length(total as u32);
    let mut at = 0u32;
    for chunk in &chunks {
        whole.set(chunk, at);
        at += chunk.length();
    }
    Ok(whole.buffer().into())
}

/// Sends a filing whose files were read to the slot's worker; false when that worker was lost meanwhile (the
/// filing went back to the queue).
fn send(slot: usize, generation: u32, job: Job, buffers: Vec<JsValue>) -> bool {
    POOL.with(|p| {
        let mut pool = p.borrow_mut();
        let Some(pool) = pool.as_mut() else { return true };
        pool.next_id += 1;
        let id = pool.next_id;
        let request = Request::Summarise {
            id,
            material: job.material.clone(),
            files: job.files.iter().map(|(name, _)| name.clone()).collect(),
            profile: pool.profile.clone(),
            templates: pool.templates.clone(),
            packed: packing(&job.files),
        };
        let Some(worker_slot) = pool.slots[slot].as_mut().filter(|s| s.generation == generation) else {
            // The worker was lost while the files were read: the filing waits for the next one.
            pool.queue.push_front(job);
            return false;
        };
        worker_slot.reading -= 1;
        let json = serde_json::to_string(&request).expect("requests serialise");
        let message = js_sys::Array::of1(&JsValue::from_str(&json));
        let transfer = js_sys::Array::new();
        for buffer in &buffers {
            message.push(buffer);
            transfer.push(buffer);
        }
        worker_slot.sent.push_back(Sent { job, id });
        if worker_slot.sent.len() == 1 {
            worker_slot.timer = start_timer(slot, worker_slot.generation);
        }
        let _ = worker_slot.worker.post_message_with_transfer(&message, &transfer);
        true
    })
}

/// The timer that stops the slot's worker if the filing it is checking takes longer than [`TIMEOUT_MS`].
fn start_timer(slot: usize, generation: u32) -> Option<i32> {
    let on_timeout = Closure::once_into_js(move || crashed(slot, generation, zh_only::TIMED_OUT));
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.unchecked_ref(), TIMEOUT_MS)
        .ok()
}

fn finished(slot: usize, id: u32, line: BatchLine) {
    let done = POOL.with(|p| {
        let mut pool = p.borrow_mut();
        let pool = pool.as_mut()?;
        let worker_slot = pool.slots[slot].as_mut()?;
        // A sample's line is dropped.
        if worker_slot.warming == Some(id) {
            worker_slot.warming = None;
            return None;
        }
        if worker_slot.sent.front().is_none_or(|sent| sent.id != id) {
            return None;
        }
        let sent = worker_slot.sent.pop_front()?;
        if let Some(timer) = worker_slot.timer.take() {
            clear_timer(timer);
        }
        // The next one sent is now being checked: its own time starts.
        if !worker_slot.sent.is_empty() {
            worker_slot.timer = start_timer(slot, worker_slot.generation);
        }
        Some((sent.job.index, pool.on_line.clone()))
    });
    if let Some((index, on_line)) = done {
        on_line(index, line);
    }
    fill(slot);
}

/// The slot's worker crashed or timed out: the filing it was checking gets the reason, the ones sent after it
/// go back to the front of the queue, and a new worker takes its place. A sample being checked (it was sent
/// before any filing) costs no filing. A worker that failed before it started is not started again, since the
/// next would fail the same way: the other workers go on, and when none is left the filings waiting get the
/// reason. What a worker of an earlier generation of the slot says is not heard.
fn crashed(slot: usize, generation: u32, why: &str) {
    let lost = POOL.with(|p| {
        let mut pool = p.borrow_mut();
        let pool = pool.as_mut()?;
        let old = pool.slots[slot].take_if(|s| s.generation == generation)?;
        old.worker.terminate();
        if let Some(timer) = old.timer {
            clear_timer(timer);
        }
        let mut sent = old.sent.into_iter();
        let checking =
            if old.warming.is_some() { None } else { sent.next().map(|sent| (sent.job.index, sent.job.material)) };
        for waiting in sent.rev() {
            pool.queue.push_front(waiting.job);
        }
        let again = old.ready.then_some(if pool.started { 0 } else { old.warm_rounds });
        let stranded = pool.started && again.is_none() && pool.slots.iter().all(Option::is_none);
        Some((checking, pool.on_line.clone(), again, stranded))
    });
    let Some((checking, on_line, again, stranded)) = lost else { return };
    if let Some((index, material)) = checking {
        on_line(index, unreadable_line(&material, why));
    }
    match again {
        Some(warm_rounds) => spawn(slot, warm_rounds),
        None if stranded => fail_all(why),
        None => {}
    }
}

/// How each file of a filing is packed, for the worker (empty when none is: a folder's filing).
fn packing(files: &[(String, Source)]) -> Vec<Option<zicha_core::read::Packed>> {
    let packed: Vec<Option<zicha_core::read::Packed>> = files
        .iter()
        .map(|(_, source)| match source {
            Source::Packed(_, packed) => Some(*packed),
            Source::File(_) => None,
        })
        .collect();
    if packed.iter().all(Option::is_none) { Vec::new() } else { packed }
}
