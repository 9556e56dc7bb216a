"""Handlers of what the extension itself offers: status (the version handshake), its OpenAPI
document, and the job store."""

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import __version__
from . import openapi
from .errors import BadRequest, Conflict
from .handlers import API_PREFIX, VRELabHandler
from .jobs import ACTIVE_STATES, STATES

API_VERSION = 1
OPENAPI_PATH = openapi.OPENAPI_PATH


class StatusHandler(VRELabHandler):
    @web.authenticated
    @authorized
    def get(self):
        self.write_json(
            {
                "name": "vre_lab",
                "version": __version__,
                "api_version": API_VERSION,
                "services": self.vre.service_summaries(),
            }
        )


class OpenAPIHandler(VRELabHandler):
    @web.authenticated
    @authorized
    def get(self):
        self.write_json(openapi.document())


class JobsHandler(VRELabHandler):
    @web.authenticated
    @authorized
    def get(self):
        state = self.get_query_argument("state", None)
        if state is not None and state not in STATES:
            raise BadRequest(f"state must be one of: {', '.join(STATES)}")
        limit = self.int_argument("limit", 100, 1, 1000)
        kind = self.get_query_argument("kind", None)
        jobs = self.vre.jobs.list(kind=kind, state=state, owner=self.job_owner(), limit=limit)
        self.write_json({"jobs": [job.to_json() for job in jobs]})


class JobHandler(VRELabHandler):
    @web.authenticated
    @authorized
    def get(self, job_id: str):
        self.write_json(self.existing_job(job_id).to_json())

    @web.authenticated
    @authorized
    def delete(self, job_id: str):
        if self.existing_job(job_id).state in ACTIVE_STATES:
            raise Conflict("The job is still running; cancel it first")
        self.vre.jobs.delete(job_id)
        self.set_status(204)
        self.finish()


class JobCancelHandler(VRELabHandler):
    @web.authenticated
    @authorized
    def post(self, job_id: str):
        job = self.existing_job(job_id)
        if job.state not in ACTIVE_STATES:
            raise Conflict(f"The job is {job.state}; only a queued or running job can be cancelled")
        if not self.vre.job_runner.cancel(job_id):
            raise Conflict(
                "The job runs in another Jupyter server sharing this home folder; cancel it there"
            )
        self.write_json(self.existing_job(job_id).to_json(), status=202)


def core_handlers():
    job = rf"{API_PREFIX}/jobs/(?P<job_id>[^/]+)"
    return [
        (rf"{API_PREFIX}/status", StatusHandler),
        (rf"{API_PREFIX}/openapi.json", OpenAPIHandler),
        (rf"{API_PREFIX}/jobs", JobsHandler),
        (job, JobHandler),
        (rf"{job}/cancel", JobCancelHandler),
    ]
